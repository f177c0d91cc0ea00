import { describe, expect, it } from 'vitest';
import { polylinePoints, sparklinePoints } from './sparkline';

describe('sparklinePoints', () => {
  it('spreads values across the width and scales them from 0 to the largest', () => {
    const points = sparklinePoints([0, 50, 100], 104, 54, 2);
    expect(points).toEqual([
      { x: 2, y: 52 },
      { x: 52, y: 27 },
      { x: 102, y: 2 },
    ]);
    expect(polylinePoints(points)).toBe('2,52 52,27 102,2');
  });

  it('puts a single value in the middle, and nothing for no values', () => {
    expect(sparklinePoints([5], 100, 20, 0)).toEqual([{ x: 50, y: 0 }]);
    expect(sparklinePoints([], 100, 20)).toEqual([]);
  });

  it('draws all-zero values along the bottom', () => {
    expect(sparklinePoints([0, 0], 10, 10, 0).map((p) => p.y)).toEqual([10, 10]);
  });
});
