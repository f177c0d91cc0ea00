import { describe, expect, it } from 'vitest';
import { formatDuration, formatElapsed } from './durations';

describe('durations', () => {
  it('counts elapsed seconds, then minutes, then hours', () => {
    expect(formatElapsed(0)).toBe('0 s');
    expect(formatElapsed(12.9)).toBe('12 s');
    expect(formatElapsed(185)).toBe('3 min 5 s');
    expect(formatElapsed(4320)).toBe('1 h 12 min');
    expect(formatElapsed(-3)).toBe('0 s');
  });

  it('says a measured duration in ms, tenths of seconds, or as elapsed', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4230)).toBe('4.2 s');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(65_000)).toBe('1 min 5 s');
  });
});
