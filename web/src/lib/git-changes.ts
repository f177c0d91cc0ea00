// The Changes panel's list, as `git status` users read it: Staged, Changes (not staged),
// Untracked and Conflicts, each with the one-letter status. A file staged and then
// changed again is in both Staged and Changes (each shows its own diff). Also the
// order "next file / previous file" walks, and the header's words for the branch.
import type { GitFile, GitFileStatus, GitStatus } from './workbench-decode';

export type ChangeGroup = 'conflicts' | 'staged' | 'unstaged' | 'untracked';

export const groupTitle: Record<ChangeGroup, string> = { conflicts: 'Conflicts', staged: 'Staged', unstaged: 'Changes', untracked: 'Untracked' };

const groupOrder: ChangeGroup[] = ['conflicts', 'staged', 'unstaged', 'untracked'];

export const statusLetter: Record<GitFileStatus, string> = {
  modified: 'M',
  added: 'A',
  deleted: 'D',
  renamed: 'R',
  copied: 'C',
  untracked: '?',
  conflicted: 'U',
  typechange: 'T',
};

export interface ChangeEntry {
  group: ChangeGroup;
  file: GitFile;
  /** Unique across groups: the same file may be staged and unstaged. */
  key: string;
}

export function changeKey(group: ChangeGroup, path: string): string {
  return `${group}:${path}`;
}

export function groupChanges(files: readonly GitFile[]): { group: ChangeGroup; entries: ChangeEntry[] }[] {
  const byGroup: Record<ChangeGroup, ChangeEntry[]> = { conflicts: [], staged: [], unstaged: [], untracked: [] };
  const add = (group: ChangeGroup, file: GitFile) => byGroup[group].push({ group, file, key: changeKey(group, file.path) });
  for (const file of files) {
    if (file.status === 'conflicted') add('conflicts', file);
    else if (file.status === 'untracked') add('untracked', file);
    else {
      if (file.staged) add('staged', file);
      // Neither flag (an odd answer): still listed, as a change.
      if (file.unstaged || !file.staged) add('unstaged', file);
    }
  }
  for (const entries of Object.values(byGroup)) entries.sort((a, b) => a.file.path.localeCompare(b.file.path));
  return groupOrder.filter((group) => byGroup[group].length > 0).map((group) => ({ group, entries: byGroup[group] }));
}

/** The entries in the order the list shows them (for next / previous). */
export function flatChanges(files: readonly GitFile[]): ChangeEntry[] {
  return groupChanges(files).flatMap((g) => g.entries);
}

/** The entry `step` (+1 / -1) away from `key`, or null at either end. */
export function stepChange(entries: readonly ChangeEntry[], key: string | null, step: 1 | -1): ChangeEntry | null {
  const at = entries.findIndex((e) => e.key === key);
  if (at < 0) return step === 1 ? (entries[0] ?? null) : null;
  return entries[at + step] ?? null;
}

/** Does the diff of this entry ask for the staged side (git diff --cached)? */
export const isStagedDiff = (entry: ChangeEntry): boolean => entry.group === 'staged';

/** "main · a1b2c3d · ↑1 ↓2 origin/main", in words for the header. */
export function branchSummary(status: Extract<GitStatus, { repository: true }>): { branch: string; head: string | null; tracking: string | null } {
  const branch = status.branch ?? (status.head ? 'detached HEAD' : 'no commits yet');
  const head = status.head ? status.head.slice(0, 7) : null;
  let tracking: string | null = null;
  if (status.upstream) {
    const parts = [];
    if (status.ahead > 0) parts.push(`${status.ahead} ahead`);
    if (status.behind > 0) parts.push(`${status.behind} behind`);
    tracking = `${parts.length > 0 ? parts.join(', ') : 'up to date with'} ${parts.length > 0 ? 'of ' : ''}${status.upstream}`;
  }
  return { branch, head, tracking };
}
