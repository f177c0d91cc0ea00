import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('hides a token in a query, however it is placed', () => {
    expect(redactSecrets('http://h:1/?token=abc123')).toBe('http://h:1/?token=[redacted]');
    expect(redactSecrets('http://h:1/?session=s1&token=abc123&x=1')).toBe('http://h:1/?session=s1&token=[redacted]&x=1');
    expect(redactSecrets('see http://h/?TOKEN=abc123 now')).toBe('see http://h/?TOKEN=[redacted] now');
  });

  it('hides a bearer token', () => {
    expect(redactSecrets('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [redacted]');
  });

  it('leaves other text alone', () => {
    expect(redactSecrets('ws://127.0.0.1:3000/api/claude/ws')).toBe('ws://127.0.0.1:3000/api/claude/ws');
  });
});
