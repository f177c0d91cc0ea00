import { describe, expect, it } from 'vitest';
import { defaultHeartbeat, judgeDeadline } from './heartbeat';

describe('judgeDeadline', () => {
  it('is dead when the deadline fires on time with nothing received since the ping', () => {
    expect(judgeDeadline(20000, 20000, 10000, 9000, defaultHeartbeat)).toBe('dead');
    expect(judgeDeadline(21500, 20000, 10000, 9000, defaultHeartbeat)).toBe('dead');
  });
  it('rechecks when the timer itself ran late (throttled background tab)', () => {
    expect(judgeDeadline(80000, 20000, 10000, 9000, defaultHeartbeat)).toBe('recheck');
  });
  it('is alive when any frame arrived after the ping', () => {
    expect(judgeDeadline(20000, 20000, 10000, 10001, defaultHeartbeat)).toBe('alive');
  });
});
