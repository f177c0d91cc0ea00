import { describe, expect, it } from 'vitest';
import { countLines, foldCount, foldText } from './fold';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n');

describe('foldText', () => {
  it('counts lines the way an editor does', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a')).toBe(1);
    expect(countLines('a\n')).toBe(1);
    expect(countLines('a\nb')).toBe(2);
    expect(countLines('a\n\n')).toBe(2);
  });

  it('leaves short output whole, also a little past the first lines', () => {
    expect(foldText(lines(3))).toEqual({ shown: lines(3), totalLines: 3, folded: false });
    expect(foldText(lines(25)).folded).toBe(false);
  });

  it('folds long output to its first 20 lines', () => {
    const fold = foldText(`${lines(100)}\n`);
    expect(fold.folded).toBe(true);
    expect(fold.totalLines).toBe(100);
    expect(fold.shown).toBe(lines(20));
  });

  it('cuts a few very long lines by characters', () => {
    const long = 'x'.repeat(50_000);
    const fold = foldText(`${long}\n${long}`);
    expect(fold.folded).toBe(true);
    expect(fold.totalLines).toBe(2);
    expect(fold.shown.length).toBeLessThan(10_000);
  });

  it('folds lists of rows by the same rule', () => {
    expect(foldCount(10)).toBe(10);
    expect(foldCount(25)).toBe(25);
    expect(foldCount(26)).toBe(20);
  });
});

describe('foldText cut by characters', () => {
  it('does not split an escape sequence', () => {
    const text = `${'x'.repeat(5_995)}\u001b[38;5;196m${'y'.repeat(10_000)}`;
    expect(foldText(text).shown).toBe('x'.repeat(5_995));
  });
});
