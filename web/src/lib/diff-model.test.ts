import { describe, expect, it } from 'vitest';
import { MAX_CHANGES, MAX_DIFF_CHARS, diffModel, diffRows, splitLines, type DiffLine } from './diff-model';

const lines = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}`);
const show = (model: ReturnType<typeof diffModel>) =>
  model.kind === 'diff' ? model.lines.map((l) => `${l.oldLine ?? '.'} ${l.newLine ?? '.'} ${l.kind.charAt(0)} ${l.text}`) : model.reason;

describe('diffModel', () => {
  it('numbers the lines of both sides around a change', () => {
    expect(show(diffModel('a\nb\nc', 'a\nB\nc'))).toEqual(['1 1 c a', '2 . r b', '. 2 a B', '3 3 c c']);
    const model = diffModel('a\nb\nc', 'a\nB\nc');
    expect(model.kind === 'diff' && [model.added, model.removed]).toEqual([1, 1]);
  });

  it('shows a new file as all added, and an emptied text as all removed', () => {
    expect(show(diffModel('', 'x\ny\n'))).toEqual(['. 1 a x', '. 2 a y']);
    expect(show(diffModel('x', ''))).toEqual(['1 . r x']);
  });

  it('handles insertions and deletions at the ends', () => {
    expect(show(diffModel('a\nb', 'b\nc'))).toEqual(['1 . r a', '2 1 c b', '. 2 a c']);
  });

  it('a final line break ends a line, it adds none', () => {
    expect(splitLines('a\n')).toEqual(['a']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
    expect(splitLines('')).toEqual([]);
  });

  it('falls back to before and after as they are past its bounds, quickly', () => {
    const big = 'x'.repeat(MAX_DIFF_CHARS);
    expect(show(diffModel(big, 'y'))).toMatch(/too large/);
    expect(show(diffModel(lines(6_000).join('\n'), lines(6_000, 'other').join('\n')))).toMatch(/too long/);

    // Every line different: more changes than the bound. Myers gives up at the bound
    // instead of working out a diff of thousands of changes.
    const started = performance.now();
    const model = diffModel(lines(4_000).join('\n'), lines(4_000, 'other').join('\n'));
    expect(show(model)).toMatch(new RegExp(`over ${MAX_CHANGES}`));
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('diffs a long file with a few changes within the bounds', () => {
    const before = lines(4_900);
    const after = [...before];
    after[100] = 'changed';
    after.splice(3_000, 1);
    const started = performance.now();
    const model = diffModel(before.join('\n'), after.join('\n'));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(model.kind === 'diff' && [model.added, model.removed]).toEqual([1, 2]);
  });
});

describe('diffRows', () => {
  const model = diffModel(lines(30).join('\n'), lines(30).map((l, i) => (i === 14 ? 'changed' : l)).join('\n'));
  const all = model.kind === 'diff' ? model.lines : [];

  it('keeps three lines of context around a change and folds the rest into gaps', () => {
    const rows = diffRows(all);
    expect(rows[0]).toEqual({ kind: 'gap', start: 0, count: 11 });
    expect(rows.slice(1, 4).map((r) => (r as DiffLine).text)).toEqual(['line 12', 'line 13', 'line 14']);
    expect(rows.slice(4, 6).map((r) => r.kind)).toEqual(['removed', 'added']);
    expect(rows.slice(6, 9).map((r) => (r as DiffLine).text)).toEqual(['line 16', 'line 17', 'line 18']);
    expect(rows[9]).toEqual({ kind: 'gap', start: 19, count: 12 });
    expect(rows).toHaveLength(10);
  });

  it('hides nothing when a gap would save only a line or two', () => {
    const short = diffModel('a\nb\nc\nd\ne\nf', 'a\nb\nc\nd\ne\nF');
    expect(diffRows(short.kind === 'diff' ? short.lines : []).every((r) => r.kind !== 'gap')).toBe(true);
  });
});
