import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('follows 1, 2, 4, 8, 16 s without jitter at the midpoint', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, mid))).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('is capped at 16 s however many attempts', () => {
    expect(backoffDelay(6, () => 0.5)).toBe(16000);
    expect(backoffDelay(50, () => 0.999)).toBe(16000);
  });

  it('keeps jitter within ±20 %', () => {
    expect(backoffDelay(3, () => 0)).toBe(3200);
    expect(backoffDelay(3, () => 0.999999)).toBe(4800);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(2, Math.random);
      expect(d).toBeGreaterThanOrEqual(1600);
      expect(d).toBeLessThanOrEqual(2400);
    }
  });

  it('jitter never pushes the delay above the cap', () => {
    expect(backoffDelay(5, () => 0.999999)).toBe(16000);
    expect(backoffDelay(5, () => 0)).toBe(12800);
  });
});
