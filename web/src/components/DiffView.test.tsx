// @vitest-environment jsdom
// The diff past its bounds, and its folding, as a reader meets them.
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MAX_DIFF_CHARS } from '../lib/diff-model';
import { DiffView, PatchView } from './DiffView';

const lines = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}`).join('\n');

describe('DiffView', () => {
  it('past its bounds shows the text before and after as it is, folded, and says why', () => {
    const before = `${'x'.repeat(MAX_DIFF_CHARS / 2)}\n${lines(100)}`;
    const after = `${'y'.repeat(MAX_DIFF_CHARS / 2)}\n${lines(100)}`;
    render(<DiffView before={before} after={after} />);
    expect(screen.getByTestId('diff').textContent).toMatch(/This change is too large to compare here \(\d+ kB\): the text before and after is shown as it is/);
    expect(screen.getByRole('group', { name: 'Before (101 lines)' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'After (101 lines)' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Show all 101 lines' })).toHaveLength(2);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('folds a long diff to its first rows; gaps of unchanged lines open on demand', () => {
    const before = lines(200);
    const after = before.replace('line 100\n', 'changed\n').replace('line 150\n', 'also changed\n');
    render(<DiffView before={before} after={after} />);
    const table = screen.getByRole('table', { name: '2 lines added, 2 removed' });
    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull(); // 17 rows: nothing to fold
    fireEvent.click(screen.getByRole('button', { name: 'Show 96 unchanged lines' }));
    expect(table.querySelectorAll('tr').length).toBeGreaterThan(100);
    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
  });

  it('folds a diff of many changes to its first 20 rows', () => {
    const before = lines(100);
    const after = lines(100).replace(/line (\d*)0\n/g, 'line $10 changed\n');
    render(<DiffView before={before} after={after} />);
    const table = screen.getByRole('table', { name: '9 lines added, 9 removed' });
    expect(table.querySelectorAll('tr')).toHaveLength(20);
    fireEvent.click(screen.getByRole('button', { name: 'Show all 109 lines', expanded: false }));
    expect(table.querySelectorAll('tr').length).toBeGreaterThan(20);
  });

  it('a long patch folds to its first rows too, and its number columns fit the largest line number', () => {
    const removed = Array.from({ length: 30 }, (_, i) => `-old ${i}`);
    const added = Array.from({ length: 30 }, (_, i) => `+new ${i}`);
    render(<PatchView hunks={[{ oldStart: 9990, oldLines: 30, newStart: 9990, newLines: 30, lines: [...removed, ...added] }]} />);
    const table = screen.getByRole('table', { name: '30 lines added, 30 removed' });
    expect(table.querySelectorAll('tr')).toHaveLength(20);
    expect(table.querySelector('tr')?.textContent).toBe('@@ -9990,30 +9990,30 @@');
    expect(table.getAttribute('style')).toContain('--digits: 5'); // up to 10019
    fireEvent.click(screen.getByRole('button', { name: 'Show all 60 lines', expanded: false }));
    expect(table.querySelectorAll('tr')).toHaveLength(61);
  });
});
