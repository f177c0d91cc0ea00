import { describe, expect, it } from 'vitest';
import { makeEnvelope } from './envelope';
import { culpritOfTooLarge, tooLargeError } from './too-large';

describe('a message too large for the server', () => {
  it('is the largest one still waiting', () => {
    const small = makeEnvelope('chat_request', { sessionId: 's', message: 'hi' });
    const big = makeEnvelope('chat_request', { sessionId: 's', message: 'x'.repeat(5000) });
    const medium = makeEnvelope('chat_request', { sessionId: 's', message: 'y'.repeat(200) });
    expect(culpritOfTooLarge([small, big, medium])?.id).toBe(big.id);
    expect(culpritOfTooLarge([])).toBeUndefined();
  });

  it('is answered by an error that names it, like the server’s', () => {
    const error = tooLargeError('c-7', 'The message is too large.');
    expect(error).toMatchObject({ type: 'error', replyTo: 'c-7', payload: { code: 'message_too_large', message: 'The message is too large.' } });
    expect(error.payload.hint).toMatch(/shorter message/);
  });
});
