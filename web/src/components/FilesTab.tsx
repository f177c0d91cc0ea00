// The Files tab: the session's project as a lazy tree (ARIA tree: arrows move, Right
// opens a folder or goes into it, Left closes it or goes up, Enter opens a file), each
// folder listed when first opened and cached, "Show N more" past a page, hidden files on
// request, and a note of what .gitignore hides. Files this session's turns changed carry
// a dot. A file opens in the viewer in place of the tree. Refresh, or a turn that ends,
// lists the folders shown again.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { LISTING_PAGE, listFiles } from '../lib/api/workbench-api';
import { lastFinishedReply } from '../lib/last-reply';
import { ROOT, collapse, emptyTree, expand, forget, loadFailed, loadStarted, loadSucceeded, parentOf, refreshTree, reveal, rowKey, setHidden, toLoad, treeRows, type TreeRow, type TreeState } from '../lib/file-tree';
import { useClaudeStore } from '../lib/store/claude-store';
import { treeOf, updateTree, useWorkbench, viewFile } from '../lib/store/workbench-store';
import { touchedFiles, touchedFolders } from '../lib/touched-files';
import { FileViewer } from './FileViewer';
import { Loading, ProblemBox, problemOf } from './workbench-common';

const noTree = emptyTree();
const icon = { directory: '▸', file: '·', symlink: '↪', other: '?' } as const;

function load(sessionId: string, path: string, offset: number): void {
  const hidden = treeOf(sessionId).hidden;
  updateTree(sessionId, (tree) => loadStarted(tree, path));
  listFiles(sessionId, { path, offset, hidden }).then(
    (listing) => { updateTree(sessionId, (tree) => loadSucceeded(tree, path, listing, offset, hidden)); },
    (error: unknown) => { updateTree(sessionId, (tree) => loadFailed(tree, path, problemOf(error), hidden)); },
  );
}

/** Lists the folders shown again in place (no "Loading…" flash); the server pages at most 2,000. */
function reloadShown(sessionId: string): void {
  const tree = treeOf(sessionId);
  const { state, reload } = refreshTree(tree, LISTING_PAGE, 2000);
  updateTree(sessionId, () => state);
  for (const { path, limit } of reload) {
    listFiles(sessionId, { path, offset: 0, limit, hidden: tree.hidden }).then(
      (listing) => { updateTree(sessionId, (t) => loadSucceeded(t, path, listing, 0, tree.hidden)); },
      (error: unknown) => { updateTree(sessionId, (t) => loadFailed(t, path, problemOf(error), tree.hidden)); },
    );
  }
}

function rowText(row: TreeRow): string {
  if (row.type === 'more') return row.problem ? `Could not load more: ${row.problem.message} (Enter to retry)` : row.loading ? 'Loading more…' : `Show ${row.remaining} more`;
  if (row.type === 'loading') return 'Loading…';
  if (row.type === 'error') return `Could not read this folder: ${row.problem.message}${row.problem.hint ? ` ${row.problem.hint}` : ''} (Enter to retry)`;
  return row.name;
}

export function FilesTab({ sessionId, cwd }: { sessionId: string; cwd: string }) {
  const tree: TreeState = useWorkbench((s) => s.trees[sessionId]) ?? noTree;
  const viewing = useWorkbench((s) => s.viewing[sessionId] ?? null);
  const items = useClaudeStore((s) => s.views[sessionId]?.items);
  const touched = useMemo(() => touchedFiles(items ?? [], cwd), [items, cwd]);
  const touchedDirs = useMemo(() => touchedFolders(touched), [touched]);
  const rows = useMemo(() => treeRows(tree), [tree]);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const treeBox = useRef<HTMLDivElement>(null);
  // A turn that ended may have changed files: the folders shown and the file open are read again.
  const finished = useClaudeStore((s) => lastFinishedReply(s.views[sessionId]?.items));
  const [refresh, setRefresh] = useState(0);
  const seen = useRef(finished);
  useEffect(() => {
    if (seen.current === finished) return;
    seen.current = finished;
    reloadShown(sessionId);
    setRefresh((n) => n + 1);
  }, [sessionId, finished]);

  useEffect(() => {
    for (const path of toLoad(tree)) load(sessionId, path, 0);
  }, [sessionId, tree]);

  const focused = rows.find((r) => rowKey(r) === focusKey) ?? rows[0];
  const moveTo = useCallback((row: TreeRow | undefined) => {
    if (!row) return;
    const key = rowKey(row);
    setFocusKey(key);
    treeBox.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
  }, []);

  const activate = (row: TreeRow) => {
    setFocusKey(rowKey(row));
    if (row.type === 'entry') {
      if (row.kind === 'directory') updateTree(sessionId, (t) => (row.expanded ? collapse(t, row.path) : expand(t, row.path)));
      else viewFile(sessionId, row.path);
    } else if (row.type === 'more') {
      if (!row.loading) load(sessionId, row.dir, row.offset);
    } else if (row.type === 'error') updateTree(sessionId, (t) => forget(t, row.dir));
  };

  const onKey = (e: KeyboardEvent, row: TreeRow, index: number) => {
    const entry = row.type === 'entry' ? row : null;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(rows[index + 1]);
        break;
      case 'ArrowUp':
        moveTo(rows[index - 1]);
        break;
      case 'Home':
        moveTo(rows[0]);
        break;
      case 'End':
        moveTo(rows.at(-1));
        break;
      case 'ArrowRight':
        if (entry?.kind !== 'directory') return;
        if (!entry.expanded) updateTree(sessionId, (t) => expand(t, entry.path));
        else moveTo(rows[index + 1]);
        break;
      case 'ArrowLeft': {
        if (entry?.kind === 'directory' && entry.expanded) {
          updateTree(sessionId, (t) => collapse(t, entry.path));
          break;
        }
        const parent = entry ? parentOf(entry.path) : row.type === 'entry' ? ROOT : row.dir;
        if (parent !== ROOT) moveTo(rows.find((r) => r.type === 'entry' && r.path === parent));
        break;
      }
      case 'Enter':
      case ' ':
        activate(row);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  if (viewing !== null) {
    return (
      <FileViewer
        sessionId={sessionId}
        path={viewing}
        refresh={refresh}
        onBack={(folder) => {
          if (folder !== null) updateTree(sessionId, (t) => expand(reveal(t, `${folder}/x`), folder));
          viewFile(sessionId, null);
          setFocusKey(`e:${folder ?? viewing}`);
        }}
      />
    );
  }

  const root = tree.dirs[ROOT];
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-zinc-200 px-3 py-1.5 text-xs dark:border-zinc-800">
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={tree.hidden} onChange={(e) => { updateTree(sessionId, (t) => setHidden(t, e.target.checked)); }} />
          Show hidden files
        </label>
        {root?.status === 'ready' && root.ignoredHidden > 0 && (
          <span className="text-zinc-500 dark:text-zinc-400" data-testid="ignored-note">
            {root.ignoredHidden} ignored by .gitignore
          </span>
        )}
        <button
          type="button"
          className="ml-auto rounded-md border border-zinc-300 px-1.5 py-0.5 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          onClick={() => { reloadShown(sessionId); }}
        >
          Refresh
        </button>
      </div>
      {!root || root.status === 'loading' ? (
        <Loading what="the files" />
      ) : root.status === 'error' ? (
        <ProblemBox title="The project's files could not be listed." problem={root.problem ?? { message: '', hint: '' }} onRetry={() => { updateTree(sessionId, (t) => forget(t, ROOT)); }} />
      ) : rows.length === 0 ? (
        <p className="px-3 py-2 text-sm text-zinc-500 dark:text-zinc-400">This folder is empty.</p>
      ) : (
        <div ref={treeBox} role="tree" aria-label="Project files" className="min-h-0 flex-1 overflow-auto py-1 text-sm" data-testid="file-tree">
          {rows.map((row, index) => {
            const key = rowKey(row);
            const isEntry = row.type === 'entry';
            const isDir = isEntry && row.kind === 'directory';
            const changed = isEntry && (isDir ? touchedDirs.has(row.path) : touched.has(row.path));
            return (
              <div
                key={key}
                data-key={key}
                role="treeitem"
                aria-level={row.level}
                aria-expanded={isDir ? row.expanded : undefined}
                aria-setsize={isEntry ? row.setSize : undefined}
                aria-posinset={isEntry ? row.position : undefined}
                aria-selected={row === focused}
                aria-busy={row.type === 'loading' || (row.type === 'more' && row.loading) ? true : undefined}
                tabIndex={row === focused ? 0 : -1}
                onClick={() => { activate(row); }}
                onKeyDown={(e) => { onKey(e, row, index); }}
                onFocus={() => { setFocusKey(key); }}
                className={`flex cursor-pointer items-center gap-1.5 py-0.5 pr-3 hover:bg-zinc-100 focus:outline-none focus-visible:bg-blue-50 focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-inset dark:hover:bg-zinc-800/70 dark:focus-visible:bg-blue-950/40 ${
                  row.type === 'error' || (row.type === 'more' && row.problem) ? 'text-red-700 dark:text-red-400' : row.type === 'entry' ? '' : 'text-zinc-500 dark:text-zinc-400'
                }`}
                style={{ paddingLeft: `${0.75 + (row.level - 1) * 1}rem` }}
                data-testid={isEntry ? 'tree-entry' : `tree-${row.type}`}
                data-path={isEntry ? row.path : undefined}
              >
                <span aria-hidden="true" className={`w-3 shrink-0 text-center text-zinc-400 ${isDir && row.expanded ? 'rotate-90' : ''}`}>
                  {isEntry ? icon[row.kind] : ''}
                </span>
                <span className={`truncate ${isEntry && !isDir ? 'font-mono text-xs' : ''} ${isDir ? 'font-medium' : ''}`}>{rowText(row)}</span>
                {changed && (
                  <span className="ml-auto flex shrink-0 items-center gap-1 text-[11px] text-amber-700 dark:text-amber-400" data-testid="changed-mark">
                    <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-amber-500" />
                    {isDir ? <span className="sr-only">holds files changed by Claude</span> : 'changed by Claude'}
                  </span>
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
