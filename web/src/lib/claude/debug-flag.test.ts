import { describe, expect, it } from 'vitest';
import { debugRequested } from './debug-flag';

describe('debugRequested', () => {
  it('is on with ?debug=1 (or just ?debug), off without it or with 0/false', () => {
    expect(debugRequested('?debug=1')).toBe(true);
    expect(debugRequested('?session=s1&debug=1')).toBe(true);
    expect(debugRequested('?debug')).toBe(true);
    expect(debugRequested('')).toBe(false);
    expect(debugRequested('?debug=0')).toBe(false);
    expect(debugRequested('?debug=false')).toBe(false);
  });
});
