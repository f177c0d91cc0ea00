// What an Edit, MultiEdit or Write tool call changes, as rows of a line diff with the
// line numbers of both sides, computed by jsdiff (Myers' algorithm). The work is bounded
// so that a huge input cannot freeze the page: past a size, or past a number of
// changes, there is no diff, and the before and after texts are shown as they are.
import { diffArrays } from 'diff';
import { LruCache } from './lru-cache';

export interface DiffLine {
  kind: 'context' | 'added' | 'removed';
  text: string;
  /** 1-based line number in the text before (context, removed) and after (context, added). */
  oldLine: number | null;
  newLine: number | null;
}

export type DiffModel =
  | { kind: 'diff'; lines: DiffLine[]; added: number; removed: number }
  /** Too big to compare here: before and after as they are, with the reason. */
  | { kind: 'plain'; before: string; after: string; reason: string };

// Bounds. Myers' algorithm takes about (old + new lines) x changes steps and keeps
// paths for as many changes: at most 10,000 x 1,000 comparisons here, and the
// character bound keeps the lines split and compared small (see diff-model.test.ts).
export const MAX_DIFF_CHARS = 500_000;
export const MAX_DIFF_LINES = 10_000;
export const MAX_CHANGES = 1_000;

/** The lines of a text; a final line break ends the last line and starts none. */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

export function diffModel(before: string, after: string): DiffModel {
  if (before.length + after.length > MAX_DIFF_CHARS)
    return { kind: 'plain', before, after, reason: `too large to compare here (${formatSize(before.length + after.length)})` };
  const old = splitLines(before);
  const next = splitLines(after);
  if (old.length === 0) return allOf(next, 'added');
  if (next.length === 0) return allOf(old, 'removed');
  if (old.length + next.length > MAX_DIFF_LINES)
    return { kind: 'plain', before, after, reason: `too long to compare here (${old.length + next.length} lines)` };
  const changes = diffArrays(old, next, { maxEditLength: MAX_CHANGES });
  if (!changes) return { kind: 'plain', before, after, reason: `too many changes to compare here (over ${MAX_CHANGES})` };
  const lines: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  let added = 0;
  let removed = 0;
  for (const change of changes) {
    for (const text of change.value) {
      if (change.added) {
        lines.push({ kind: 'added', text, oldLine: null, newLine: newLine++ });
        added++;
      } else if (change.removed) {
        lines.push({ kind: 'removed', text, oldLine: oldLine++, newLine: null });
        removed++;
      } else lines.push({ kind: 'context', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return { kind: 'diff', lines, added, removed };
}

function allOf(texts: string[], kind: 'added' | 'removed'): DiffModel {
  const lines = texts.map((text, i): DiffLine => ({ kind, text, oldLine: kind === 'removed' ? i + 1 : null, newLine: kind === 'added' ? i + 1 : null }));
  return { kind: 'diff', lines, added: kind === 'added' ? lines.length : 0, removed: kind === 'removed' ? lines.length : 0 };
}

function formatSize(chars: number): string {
  return chars >= 1_000_000 ? `${(chars / 1_000_000).toFixed(1)} MB` : `${Math.round(chars / 1000)} kB`;
}

/** A run of unchanged lines left out of view, between the changes it separates. */
export interface DiffGap {
  kind: 'gap';
  /** Index of its first line in the model's lines, and how many lines it stands for. */
  start: number;
  count: number;
}

export const CONTEXT_LINES = 3;

/**
 * The rows to show: every change with CONTEXT_LINES unchanged lines around it; longer
 * unchanged runs between (or before, or after) changes become one gap row. A run is
 * only hidden when that saves more than a few lines.
 */
export function diffRows(lines: readonly DiffLine[], context = CONTEXT_LINES): (DiffLine | DiffGap)[] {
  const rows: (DiffLine | DiffGap)[] = [];
  let i = 0;
  const show = (from: number, to: number) => {
    for (const line of lines.slice(from, to)) rows.push(line);
  };
  while (i < lines.length) {
    if (lines[i]?.kind !== 'context') {
      show(i, i + 1);
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && lines[end]?.kind === 'context') end++;
    const keepBefore = i === 0 ? 0 : context; // after the change above
    const keepAfter = end === lines.length ? 0 : context; // before the change below
    const hidden = end - i - keepBefore - keepAfter;
    if (hidden > 2) {
      show(i, i + keepBefore);
      rows.push({ kind: 'gap', start: i + keepBefore, count: hidden });
      show(end - keepAfter, end);
    } else show(i, end);
    i = end;
  }
  return rows;
}

// The virtualized list mounts a card again whenever it scrolls back into view: the same
// diff is not worked out again.
const cache = new LruCache<string, DiffModel>(64);

/** diffModel, remembered for the texts it was last asked about. */
export function cachedDiffModel(before: string, after: string): DiffModel {
  // One side empty (a new file): nothing to compare, and nothing worth keeping (a file
  // streaming in would fill the cache with its every length).
  if (before.length === 0 || after.length === 0) return diffModel(before, after);
  const key = `${before.length}:${before}\u0000${after}`;
  let model = cache.get(key);
  if (!model) {
    model = diffModel(before, after);
    cache.set(key, model);
  }
  return model;
}
