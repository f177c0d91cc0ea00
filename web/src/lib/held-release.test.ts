import { describe, expect, it } from 'vitest';
import { toRelease } from './held-release';

const held = [
  { id: 'a1', sessionId: 'a' },
  { id: 'b1', sessionId: 'b' },
  { id: 'a2', sessionId: 'a' },
];

describe('releasing held messages', () => {
  it('nothing while offline', () => {
    expect(toRelease(held, { connected: false, editing: null, busy: () => false })).toEqual([]);
  });

  it('the oldest of each free session, one at a time', () => {
    expect(toRelease(held, { connected: true, editing: null, busy: () => false })).toEqual(['a1', 'b1']);
  });

  it('not into a session that is busy (a turn runs, or a message of ours is on its way)', () => {
    expect(toRelease(held, { connected: true, editing: null, busy: (s) => s === 'a' })).toEqual(['b1']);
  });

  it('one being edited waits, and those typed after it too', () => {
    expect(toRelease(held, { connected: true, editing: 'a1', busy: () => false })).toEqual(['b1']);
    expect(toRelease(held, { connected: true, editing: 'a2', busy: () => false })).toEqual(['a1', 'b1']);
  });
});
