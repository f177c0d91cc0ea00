// What a file tool (Edit, MultiEdit, Write) changed as the Claude Code CLI reports it: the
// `patch` of its tool_result (docs/protocol.md §6.1), hunks with the file's own line
// numbers. It comes from another program through the server: it is checked here, and a
// patch that does not add up is no patch (the card then draws its diff from the input).
import { PatchField, type JsonObject, type JsonValue } from '../types/websocket';
import type { DiffLine } from './diff-model';

export interface PatchHunk {
  /** 1-based, as jsdiff's structuredPatch gives them (also when the count is 0). */
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Each led by ' ' (context), '-' (removed), '+' (added) or '\' ("No newline at end of file"). */
  lines: string[];
}

const MAX_NUMBER = 2 ** 31 - 1;
const isCount = (value: JsonValue | undefined): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_NUMBER;
const isObject = (value: JsonValue): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function decodeHunk(value: JsonValue): PatchHunk | undefined {
  if (!isObject(value)) return undefined;
  const oldStart = value[PatchField.oldStart];
  const oldLines = value[PatchField.oldLines];
  const newStart = value[PatchField.newStart];
  const newLines = value[PatchField.newLines];
  const lines = value[PatchField.lines];
  if (!isCount(oldStart) || !isCount(oldLines) || !isCount(newStart) || !isCount(newLines) || !Array.isArray(lines)) return undefined;
  const texts: string[] = [];
  let old = 0;
  let next = 0;
  for (const line of lines) {
    if (typeof line !== 'string') return undefined;
    const lead = line.charAt(0);
    if (lead === ' ') {
      old++;
      next++;
    } else if (lead === '-') old++;
    else if (lead === '+') next++;
    else if (lead !== '\\') return undefined;
    texts.push(line);
  }
  // The counts are what the numbers in the card rest on: they must be the lines' own.
  if (old !== oldLines || next !== newLines) return undefined;
  return { oldStart, oldLines, newStart, newLines, lines: texts };
}

/** A tool_result's `patch`, or undefined when absent, empty or not well formed in any hunk. */
export function decodePatch(value: JsonValue | undefined): PatchHunk[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const hunks: PatchHunk[] = [];
  for (const item of value) {
    const hunk = decodeHunk(item);
    if (!hunk) return undefined;
    hunks.push(hunk);
  }
  return hunks;
}

/** A hunk's header as a unified diff writes it (a count of 0 puts its start one line lower). */
export function hunkHeader(hunk: PatchHunk): string {
  const range = (start: number, count: number) => `${count === 0 ? Math.max(0, start - 1) : start},${count}`;
  return `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`;
}

/** The row above a hunk's lines: where in the file they are. */
export interface DiffHunkRow {
  kind: 'hunk';
  header: string;
  /** The hunk's index in the patch. */
  index: number;
}

export interface PatchModel {
  rows: (DiffLine | DiffHunkRow)[];
  /** How many lines (not headers) the rows hold. */
  lineCount: number;
  added: number;
  removed: number;
  /** The largest line number shown: the width of the number columns. */
  maxLine: number;
}

/** The rows of a patch: each hunk's header, then its lines numbered from its starts. */
export function patchModel(hunks: readonly PatchHunk[]): PatchModel {
  const rows: (DiffLine | DiffHunkRow)[] = [];
  let added = 0;
  let removed = 0;
  let lineCount = 0;
  let maxLine = 0;
  hunks.forEach((hunk, index) => {
    rows.push({ kind: 'hunk', header: hunkHeader(hunk), index });
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    for (const line of hunk.lines) {
      const text = line.slice(1);
      const lead = line.charAt(0);
      if (lead === '\\') continue; // "No newline at end of file": about the line above, not a line
      lineCount++;
      if (lead === '+') {
        rows.push({ kind: 'added', text, oldLine: null, newLine: newLine++ });
        added++;
      } else if (lead === '-') {
        rows.push({ kind: 'removed', text, oldLine: oldLine++, newLine: null });
        removed++;
      } else rows.push({ kind: 'context', text, oldLine: oldLine++, newLine: newLine++ });
    }
    maxLine = Math.max(maxLine, oldLine - 1, newLine - 1);
  });
  return { rows, lineCount, added, removed, maxLine };
}
