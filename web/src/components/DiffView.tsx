// What an Edit, MultiEdit or Write changes, as a line diff: the line numbers of both
// sides, removed lines red and added lines green, with a -/+ sign as text so that the
// diff never relies on colour alone. Two sources: the CLI's own patch of the file
// (PatchView: the file's line numbers, a `@@ -12,7 +12,9 @@` header above each hunk), or,
// without one, a diff worked out here from the tool's input (DiffView, lib/diff-model.ts:
// numbered from the start of the snippet, three unchanged lines of context around each
// change, longer unchanged runs folded into a row that opens them).
// A long diff shows its first rows and a button for the rest; while the input is still
// being written (`following`), its last rows, so the text can be seen growing. Past
// the model's bounds it is the before and after text as they are, with the reason.
import { Fragment, useId, useMemo, useState, type CSSProperties } from 'react';
import { cachedDiffModel, diffRows, type DiffGap, type DiffLine } from '../lib/diff-model';
import { patchModel, type DiffHunkRow, type PatchHunk } from '../lib/file-patch';
import { SHOWN_LINES, countLines, foldCount } from '../lib/fold';
import { FoldButton } from './FoldButton';
import { FoldedText } from './FoldedText';

const rowTone = {
  added: 'bg-green-50 text-green-950 dark:bg-green-950/50 dark:text-green-100',
  removed: 'bg-red-50 text-red-950 dark:bg-red-950/50 dark:text-red-100',
  context: 'text-zinc-700 dark:text-zinc-300',
} as const;
const signTone = {
  added: 'text-green-700 dark:text-green-400',
  removed: 'text-red-700 dark:text-red-400',
  context: 'text-zinc-400',
} as const;
const sign = { added: '+', removed: '-', context: ' ' } as const;
const numberCell = 'px-1.5 text-right align-top text-zinc-400 tabular-nums select-none dark:text-zinc-500';

// A new file has no old line numbers, an emptied one no new ones: that column goes.
interface Columns {
  old: boolean;
  new: boolean;
  span: number;
}

function Line({ line, columns }: { line: DiffLine; columns: Columns }) {
  return (
    <tr className={rowTone[line.kind]}>
      {columns.old && <td className={numberCell}>{line.oldLine ?? ''}</td>}
      {columns.new && <td className={numberCell}>{line.newLine ?? ''}</td>}
      <td className={`pr-1 align-top select-none ${signTone[line.kind]}`}>{sign[line.kind]}</td>
      <td className="pr-2 whitespace-pre-wrap break-all">{line.text}</td>
    </tr>
  );
}

function Gap({ gap, columns, onOpen }: { gap: DiffGap; columns: Columns; onOpen: () => void }) {
  return (
    <tr className="bg-zinc-100 dark:bg-zinc-900">
      <td colSpan={columns.span} className="px-1.5">
        <button type="button" onClick={onOpen} className="w-full py-0.5 text-left text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200">
          <span aria-hidden>⋯ </span>
          Show {gap.count} unchanged {gap.count === 1 ? 'line' : 'lines'}
        </button>
      </td>
    </tr>
  );
}

function summary(added: number, removed: number): string {
  const parts = [];
  if (added > 0) parts.push(`${added} ${added === 1 ? 'line' : 'lines'} added`);
  if (removed > 0) parts.push(`${removed} removed`);
  return parts.length > 0 ? parts.join(', ') : 'no change';
}

type Row = DiffLine | DiffGap | DiffHunkRow;

function rowKey(row: Row): string {
  if (row.kind === 'gap') return `gap-${row.start}`;
  if (row.kind === 'hunk') return `hunk-${row.index}`;
  return `${row.oldLine ?? ''}:${row.newLine ?? ''}`;
}

function HunkHeader({ row, columns }: { row: DiffHunkRow; columns: Columns }) {
  return (
    <tr className="bg-blue-50 text-blue-800 dark:bg-blue-950/40 dark:text-blue-300" data-testid="diff-hunk">
      <td colSpan={columns.span} className="px-1.5">
        {row.header}
      </td>
    </tr>
  );
}

function columnsOf(lines: readonly Row[]): Columns {
  const old = lines.some((line) => line.kind !== 'gap' && line.kind !== 'hunk' && line.oldLine !== null);
  const next = lines.some((line) => line.kind !== 'gap' && line.kind !== 'hunk' && line.newLine !== null);
  return { old, new: next, span: 2 + (old ? 1 : 0) + (next ? 1 : 0) };
}

// The table both sources draw: the summary as its caption, the rows folded past a few
// dozen (`unfolded`: all of them, as when the reader opened a gap), the fold button.
function DiffTable({
  rows,
  columns,
  caption,
  total,
  maxLine,
  following,
  unfolded,
  onOpenGap,
  source,
}: {
  rows: readonly Row[];
  columns: Columns;
  caption: string;
  /** Lines in all, for the fold button. */
  total: number;
  maxLine: number;
  following: boolean;
  unfolded: boolean;
  onOpenGap: (gap: DiffGap) => void;
  source: 'patch' | 'input';
}) {
  const [expanded, setExpanded] = useState(false);
  const id = useId();
  const shownCount = expanded || unfolded ? rows.length : foldCount(rows.length);
  const folded = shownCount < rows.length;
  const shown = !folded ? rows : following ? rows.slice(rows.length - SHOWN_LINES) : rows.slice(0, shownCount);
  return (
    <div data-testid="diff" data-diff="lines" data-source={source}>
      <div className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
        {/* A fixed layout: the columns do not depend on the text, so a growing diff is laid out cheaply. */}
        <table
          id={id}
          className="w-full table-fixed border-collapse font-mono text-xs leading-5"
          style={{ '--digits': String(Math.max(2, String(maxLine).length)) } as CSSProperties}
        >
          <caption className="border-b border-zinc-200 px-1.5 py-0.5 text-left font-sans text-[11px] text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            {caption}
          </caption>
          <colgroup>
            {columns.old && <col className="w-[calc(var(--digits)*1ch+0.75rem)]" />}
            {columns.new && <col className="w-[calc(var(--digits)*1ch+0.75rem)]" />}
            <col className="w-4" />
            <col />
          </colgroup>
          <tbody>
            {following && folded && (
              <tr>
                <td colSpan={columns.span} className="px-1.5 text-zinc-500">
                  ⋯ {rows.length - shown.length} lines above
                </td>
              </tr>
            )}
            {shown.map((row) => (
              // Keyed by line numbers: as a streaming file's end moves on, rows move, not change.
              <Fragment key={rowKey(row)}>
                {row.kind === 'gap' ? (
                  <Gap gap={row} columns={columns} onOpen={() => { onOpenGap(row); }} />
                ) : row.kind === 'hunk' ? (
                  <HunkHeader row={row} columns={columns} />
                ) : (
                  <Line line={row} columns={columns} />
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {!following && (folded || expanded) && (
        <FoldButton expanded={expanded} total={total} controls={id} onToggle={() => { setExpanded((e) => !e); }} />
      )}
    </div>
  );
}

/** The CLI's patch of the file (tool_result `patch`): its hunks with the file's line numbers. */
export function PatchView({ hunks }: { hunks: readonly PatchHunk[] }) {
  const model = useMemo(() => patchModel(hunks), [hunks]);
  const columns = useMemo(() => columnsOf(model.rows), [model]);
  return (
    <DiffTable
      rows={model.rows}
      columns={columns}
      caption={summary(model.added, model.removed)}
      total={model.lineCount}
      maxLine={model.maxLine}
      following={false}
      unfolded={false}
      onOpenGap={() => undefined}
      source="patch"
    />
  );
}

export function DiffView({ before, after, following = false }: { before: string; after: string; following?: boolean }) {
  const model = useMemo(() => cachedDiffModel(before, after), [before, after]);
  const [opened, setOpened] = useState<ReadonlySet<number>>(new Set());
  const columns = useMemo(() => columnsOf(model.kind === 'diff' ? model.lines : []), [model]);
  const rows = useMemo(() => {
    if (model.kind !== 'diff') return [];
    // Opened gaps show their lines: the rows are worked out without them.
    const all = diffRows(model.lines);
    return all.flatMap((row) => (row.kind === 'gap' && opened.has(row.start) ? model.lines.slice(row.start, row.start + row.count) : [row]));
  }, [model, opened]);

  if (model.kind === 'plain') {
    return (
      <div className="space-y-1.5" data-testid="diff" data-diff="plain">
        <p className="text-xs text-amber-700 dark:text-amber-400">
          This change is {model.reason}: the text before and after is shown as it is.
        </p>
        {model.before.length > 0 && <FoldedText text={model.before} label={`Before (${countLines(model.before)} lines)`} />}
        <FoldedText text={model.after} label={`After (${countLines(model.after)} lines)`} />
      </div>
    );
  }

  return (
    <DiffTable
      rows={rows}
      columns={columns}
      caption={summary(model.added, model.removed)}
      total={model.lines.length}
      maxLine={model.lines.length}
      following={following}
      // A reader who opened a gap wants to see the lines around it: no folding then.
      unfolded={opened.size > 0}
      onOpenGap={(gap) => { setOpened((o) => new Set(o).add(gap.start)); }}
      source="input"
    />
  );
}
