import { describe, expect, it } from 'vitest';
import { lineDiff } from './diff';

describe('lineDiff', () => {
  it('marks changed lines between kept ones', () => {
    expect(lineDiff('a\nb\nc', 'a\nB\nc')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'B' },
      { op: ' ', text: 'c' },
    ]);
  });
  it('shows a new file as all added', () => {
    expect(lineDiff('', 'x\ny')).toEqual([
      { op: '+', text: 'x' },
      { op: '+', text: 'y' },
    ]);
  });
  it('handles insertions and deletions at the ends', () => {
    expect(lineDiff('a\nb', 'b\nc').map((l) => l.op + l.text)).toEqual(['-a', ' b', '+c']);
  });
});
