import { describe, expect, it } from 'vitest';
import type { GitFile, GitStatus } from './workbench-decode';
import { branchSummary, flatChanges, groupChanges, stepChange } from './git-changes';

const f = (path: string, status: GitFile['status'], staged: boolean, unstaged: boolean): GitFile => ({ path, status, staged, unstaged });

describe('groupChanges', () => {
  const files = [
    f('z.ts', 'modified', false, true),
    f('both.ts', 'modified', true, true),
    f('new.ts', 'added', true, false),
    f('notes.txt', 'untracked', false, false),
    f('merge.ts', 'conflicted', false, true),
    f('gone.ts', 'deleted', false, true),
  ];

  it('conflicts, staged, changes, untracked; a file staged and changed again is in both', () => {
    const groups = groupChanges(files).map((g) => [g.group, g.entries.map((e) => e.file.path)]);
    expect(groups).toEqual([
      ['conflicts', ['merge.ts']],
      ['staged', ['both.ts', 'new.ts']],
      ['unstaged', ['both.ts', 'gone.ts', 'z.ts']],
      ['untracked', ['notes.txt']],
    ]);
  });

  it('leaves empty groups out', () => {
    expect(groupChanges([f('a', 'untracked', false, false)]).map((g) => g.group)).toEqual(['untracked']);
    expect(groupChanges([])).toEqual([]);
  });

  it('next and previous walk the list in its order, keys unique per group', () => {
    const flat = flatChanges(files);
    expect(flat.map((e) => e.key)).toEqual(['conflicts:merge.ts', 'staged:both.ts', 'staged:new.ts', 'unstaged:both.ts', 'unstaged:gone.ts', 'unstaged:z.ts', 'untracked:notes.txt']);
    expect(stepChange(flat, 'staged:new.ts', 1)?.key).toBe('unstaged:both.ts');
    expect(stepChange(flat, 'staged:new.ts', -1)?.key).toBe('staged:both.ts');
    expect(stepChange(flat, 'untracked:notes.txt', 1)).toBeNull();
    expect(stepChange(flat, 'conflicts:merge.ts', -1)).toBeNull();
    expect(stepChange(flat, null, 1)?.key).toBe('conflicts:merge.ts');
  });
});

describe('branchSummary', () => {
  const base: Extract<GitStatus, { repository: true }> = { repository: true, branch: 'main', head: 'a1b2c3d4e5f6', upstream: 'origin/main', ahead: 1, behind: 2, files: [], truncated: false };
  it('branch, short head, ahead/behind', () => {
    expect(branchSummary(base)).toEqual({ branch: 'main', head: 'a1b2c3d', tracking: '1 ahead, 2 behind of origin/main' });
    expect(branchSummary({ ...base, ahead: 0, behind: 0 }).tracking).toBe('up to date with origin/main');
    expect(branchSummary({ ...base, upstream: null }).tracking).toBeNull();
    expect(branchSummary({ ...base, branch: null })).toMatchObject({ branch: 'detached HEAD' });
    expect(branchSummary({ ...base, branch: null, head: null })).toMatchObject({ branch: 'no commits yet', head: null });
  });
});
