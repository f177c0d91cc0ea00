import { describe, expect, it, vi } from 'vitest';
import { WallClockWatch, wallClockJump } from './wall-clock-jump';
import { FakeClock } from './testing/fake-clock';

const options = { intervalMs: 5000, toleranceMs: 15000 };

describe('wallClockJump', () => {
  it('calls a tick on time, or a little late, no jump', () => {
    expect(wallClockJump(0, 5000, options)).toBeNull();
    expect(wallClockJump(0, 5000 + 15000, options)).toBeNull();
  });

  it('calls a tick far later than its interval a sleep, and says for how long', () => {
    expect(wallClockJump(0, 5000 + 15001, options)).toBe(15001);
    expect(wallClockJump(1_000, 1_000 + 5000 + 3_600_000, options)).toBe(3_600_000);
  });

  it('does not call a clock set backwards a sleep', () => {
    expect(wallClockJump(100_000, 0, options)).toBeNull();
  });
});

describe('WallClockWatch', () => {
  it('stays quiet while ticks come on time', () => {
    const clock = new FakeClock();
    const onJump = vi.fn();
    const watch = new WallClockWatch(clock, onJump, options);
    watch.start();
    clock.advance(60_000);
    expect(onJump).not.toHaveBeenCalled();
    watch.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('reports a sleep once, when the first tick after it runs, and keeps watching', () => {
    const clock = new FakeClock();
    const onJump = vi.fn();
    const watch = new WallClockWatch(clock, onJump, options);
    watch.start();
    clock.advance(4000);
    // The laptop sleeps for ten minutes: no timer runs, then the overdue tick fires late.
    clock.advanceLate(600_000);
    expect(onJump).toHaveBeenCalledTimes(1);
    expect(onJump.mock.calls[0]?.[0]).toBe(600_000 + 4000 - 5000);
    clock.advance(30_000);
    expect(onJump).toHaveBeenCalledTimes(1);
    clock.advanceLate(120_000);
    expect(onJump).toHaveBeenCalledTimes(2);
    watch.stop();
  });
});
