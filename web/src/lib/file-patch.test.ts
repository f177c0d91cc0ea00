// The CLI's patch of a file as the server passes it on: checked hunk by hunk (a bad one
// is no patch at all), and numbered from the file's own line numbers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../types/websocket';
import { decodeEnvelope } from './claude/envelope';
import { decodePatch, hunkHeader, patchModel, type PatchHunk } from './file-patch';

const edit: PatchHunk = {
  oldStart: 17,
  oldLines: 7,
  newStart: 17,
  newLines: 8,
  lines: [' line 17', ' line 18', ' line 19', '-line 20', '+LINE twenty', '+line 20b', ' line 21', ' line 22', ' line 23'],
};

describe('decodePatch', () => {
  it('takes well-formed hunks as they are', () => {
    expect(decodePatch([edit as unknown as JsonValue])).toEqual([edit]);
    const twoHunks = [
      { oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: ['-a', '+b'] },
      { oldStart: 40, oldLines: 2, newStart: 40, newLines: 1, lines: [' x', '-y', '\\ No newline at end of file'] },
    ];
    expect(decodePatch(twoHunks)).toEqual(twoHunks);
  });

  it('is absent without a patch, or for an empty one', () => {
    expect(decodePatch(undefined)).toBeUndefined();
    expect(decodePatch([])).toBeUndefined();
  });

  const good = { oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: ['-a', '+b'] };
  it.each<[string, JsonValue]>([
    ['not an array', { ...good }],
    ['a hunk not an object', [good, 'x']],
    ['a number missing', [{ oldLines: 1, newStart: 1, newLines: 1, lines: ['-a', '+b'] }]],
    ['a number as a string', [{ ...good, oldStart: '1' }]],
    ['a fraction', [{ ...good, newStart: 1.5 }]],
    ['a negative number', [{ ...good, oldStart: -1 }]],
    ['a number past 2^31 - 1', [{ ...good, newStart: 2 ** 31 }]],
    ['lines not an array', [{ ...good, lines: '-a\n+b' }]],
    ['a line not a string', [{ ...good, lines: ['-a', 2] }]],
    ['a line without its lead', [{ ...good, lines: ['-a', '+b', ''] }]],
    ['a line with another lead', [{ ...good, lines: ['-a', '*b'] }]],
    ['counts that are not its lines', [{ ...good, oldLines: 2 }]],
    ['one good hunk and one bad', [good, { ...good, newLines: 3 }]],
  ])('ignores a patch with %s', (_, value) => {
    expect(decodePatch(value)).toBeUndefined();
  });
});

describe('patchModel', () => {
  it('numbers each hunk from its starts, a header above it', () => {
    const model = patchModel([edit, { oldStart: 90, oldLines: 1, newStart: 91, newLines: 1, lines: ['-old', '+new', '\\ No newline at end of file'] }]);
    expect(model.rows).toEqual([
      { kind: 'hunk', header: '@@ -17,7 +17,8 @@', index: 0 },
      { kind: 'context', text: 'line 17', oldLine: 17, newLine: 17 },
      { kind: 'context', text: 'line 18', oldLine: 18, newLine: 18 },
      { kind: 'context', text: 'line 19', oldLine: 19, newLine: 19 },
      { kind: 'removed', text: 'line 20', oldLine: 20, newLine: null },
      { kind: 'added', text: 'LINE twenty', oldLine: null, newLine: 20 },
      { kind: 'added', text: 'line 20b', oldLine: null, newLine: 21 },
      { kind: 'context', text: 'line 21', oldLine: 21, newLine: 22 },
      { kind: 'context', text: 'line 22', oldLine: 22, newLine: 23 },
      { kind: 'context', text: 'line 23', oldLine: 23, newLine: 24 },
      { kind: 'hunk', header: '@@ -90,1 +91,1 @@', index: 1 },
      { kind: 'removed', text: 'old', oldLine: 90, newLine: null },
      { kind: 'added', text: 'new', oldLine: null, newLine: 91 },
    ]);
    expect(model).toMatchObject({ lineCount: 11, added: 3, removed: 2, maxLine: 91 });
  });

  it('writes a header as a unified diff does: a count of 0 puts the start a line lower', () => {
    expect(hunkHeader({ oldStart: 1, oldLines: 0, newStart: 1, newLines: 2, lines: ['+a', '+b'] })).toBe('@@ -0,0 +1,2 @@');
    expect(hunkHeader({ oldStart: 12, oldLines: 7, newStart: 12, newLines: 9, lines: [] })).toBe('@@ -12,7 +12,9 @@');
  });
});

describe('the golden tool_result with a patch', () => {
  it('decodes to its hunks', () => {
    const text = readFileSync(join(import.meta.dirname, '../../../protocol/fixtures/claude_tool_result_patch.json'), 'utf8');
    const decoded = decodeEnvelope(text.trim());
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decodePatch(decoded.envelope.payload.patch)).toEqual([edit]);
  });
});
