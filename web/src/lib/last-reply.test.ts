import { describe, expect, it } from 'vitest';
import { lastFinishedReply } from './last-reply';

describe('lastFinishedReply', () => {
  it('the last reply with a stop reason; a streaming one does not count', () => {
    expect(lastFinishedReply(undefined)).toBeNull();
    expect(lastFinishedReply([{ kind: 'user', id: 'u1', text: 'hi' }])).toBeNull();
    expect(
      lastFinishedReply([
        { kind: 'assistant', id: 'a:1', requestId: '1', text: 'x', streaming: false, stopReason: 'end_turn' },
        { kind: 'user', id: 'u2', text: 'more' },
        { kind: 'assistant', id: 'a:2', requestId: '2', text: 'y', streaming: true },
      ]),
    ).toBe('a:1');
  });
});
