import { describe, expect, it } from 'vitest';
import { apiRetryText } from './backend-detail';

describe('apiRetryText', () => {
  it('says an overloaded API retry in words', () => {
    expect(apiRetryText({ apiRetry: { attempt: 2, maxRetries: 10, retryDelayMs: 4000, errorStatus: 529, error: 'overloaded_error' } })).toBe(
      'Anthropic API overloaded, retry 2 of 10 in 4 s',
    );
  });
  it('reads the CLI snake_case fields too', () => {
    expect(apiRetryText({ api_retry: { attempt: 1, max_retries: 10, retry_delay_ms: 1000, error_status: 429 } })).toBe(
      'Anthropic API rate limited, retry 1 of 10 in 1 s',
    );
  });
  it('reads the backend retry state (docs/protocol.md §6.3)', () => {
    expect(apiRetryText({ retry: { attempt: 3, maxRetries: 10, delayMs: 8000, error: 'overloaded_error', status: 529 } })).toBe(
      'Anthropic API overloaded, retry 3 of 10 in 8 s',
    );
  });
  it('prefers the notice the backend worded', () => {
    expect(apiRetryText({ notice: 'Anthropic API overloaded, retry 2 of 10 in 4 s', retry: { attempt: 2 } })).toBe('Anthropic API overloaded, retry 2 of 10 in 4 s');
  });
  it('is null when nothing is retrying, or a plain notice', () => {
    expect(apiRetryText({ model: 'x' })).toBeNull();
    expect(apiRetryText({ notice: 'Compacting the conversation' })).toBe('Compacting the conversation');
  });
});
