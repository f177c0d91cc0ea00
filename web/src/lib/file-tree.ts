// The Files panel's tree as plain data: which folders are open, each folder's listing
// as fetched (cached, paged with "Show N more"), what is loading or failed, and whether
// hidden files are shown. Pure functions; the panel fetches what `toLoad` names and
// hands the answers back. Turning "Show hidden files" on or off empties the cache (the
// listings differ) and keeps the open folders open.
import type { DirEntry, DirListing, EntryKind } from './workbench-decode';

export interface Problem {
  message: string;
  hint: string;
}

export interface DirState {
  status: 'loading' | 'ready' | 'error';
  entries: DirEntry[];
  total: number;
  nextOffset: number | null;
  ignoredHidden: number;
  /** A page after the first is on its way (the entries so far stay shown). */
  loadingMore: boolean;
  problem: Problem | null;
}

export interface TreeState {
  hidden: boolean;
  /** Listings by folder path ("" = the project root). */
  dirs: Readonly<Record<string, DirState>>;
  /** Open folders (the root always is). */
  expanded: Readonly<Record<string, true>>;
}

export const ROOT = '';

export function emptyTree(hidden = false): TreeState {
  return { hidden, dirs: {}, expanded: {} };
}

export const joinPath = (dir: string, name: string): string => (dir === ROOT ? name : `${dir}/${name}`);

export function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? ROOT : path.slice(0, at);
}

/** The folders to fetch now: the root and every open folder without a listing. */
export function toLoad(state: TreeState): string[] {
  return [ROOT, ...Object.keys(state.expanded)].filter((path) => state.dirs[path] === undefined && isShown(state, path));
}

/** A folder is shown when each folder above it is open. */
function isShown(state: TreeState, path: string): boolean {
  for (let at = parentOf(path); at !== ROOT; at = parentOf(at)) if (state.expanded[at] !== true) return false;
  return true;
}

const withDir = (state: TreeState, path: string, dir: DirState): TreeState => ({ ...state, dirs: { ...state.dirs, [path]: dir } });

export function expand(state: TreeState, path: string): TreeState {
  if (state.expanded[path]) return state;
  return { ...state, expanded: { ...state.expanded, [path]: true } };
}

export function collapse(state: TreeState, path: string): TreeState {
  if (!state.expanded[path]) return state;
  return { ...state, expanded: Object.fromEntries(Object.entries(state.expanded).filter(([key]) => key !== path)) };
}

/** Opens every folder above a file (to show it in the tree). */
export function reveal(state: TreeState, file: string): TreeState {
  let next = state;
  for (let at = parentOf(file); at !== ROOT; at = parentOf(at)) next = expand(next, at);
  return next;
}

export function loadStarted(state: TreeState, path: string): TreeState {
  const before = state.dirs[path];
  if (before && before.status !== 'error' && before.nextOffset !== null && before.entries.length > 0)
    return withDir(state, path, { ...before, loadingMore: true, problem: null });
  return withDir(state, path, { status: 'loading', entries: [], total: 0, nextOffset: null, ignoredHidden: 0, loadingMore: false, problem: null });
}

/** A listing arrived: the first page replaces, a later page (offset > 0) adds. Answers for the other `hidden` setting are dropped. */
export function loadSucceeded(state: TreeState, path: string, listing: DirListing, offset: number, hidden: boolean): TreeState {
  if (hidden !== state.hidden) return state;
  const before = state.dirs[path];
  const kept = offset > 0 && before ? before.entries.slice(0, offset) : [];
  const names = new Set(kept.map((e) => e.name));
  const entries = [...kept, ...listing.entries.filter((e) => !names.has(e.name))];
  return withDir(state, path, {
    status: 'ready',
    entries,
    total: listing.total,
    nextOffset: listing.nextOffset,
    ignoredHidden: listing.ignoredHidden,
    loadingMore: false,
    problem: null,
  });
}

export function loadFailed(state: TreeState, path: string, problem: Problem, hidden: boolean): TreeState {
  if (hidden !== state.hidden) return state;
  const before = state.dirs[path];
  if (before?.loadingMore) return withDir(state, path, { ...before, loadingMore: false, problem });
  return withDir(state, path, { status: 'error', entries: [], total: 0, nextOffset: null, ignoredHidden: 0, loadingMore: false, problem });
}

/** Forgets a folder's listing (Retry, Refresh): `toLoad` names it again. */
export function forget(state: TreeState, path: string): TreeState {
  return { ...state, dirs: Object.fromEntries(Object.entries(state.dirs).filter(([key]) => key !== path)) };
}

/**
 * Read again (Refresh, a turn ended): the folders shown are listed again in place, as many
 * entries as they show now (the answers replace them); cached folders not shown are forgotten.
 */
export function refreshTree(state: TreeState, pageSize: number, maxPage: number): { state: TreeState; reload: { path: string; limit: number }[] } {
  const reload: { path: string; limit: number }[] = [];
  const dirs: Record<string, DirState> = {};
  for (const [path, dir] of Object.entries(state.dirs)) {
    const shown = path === ROOT || (state.expanded[path] === true && isShown(state, path));
    if (!shown || dir.status === 'loading') continue;
    dirs[path] = dir;
    reload.push({ path, limit: Math.min(maxPage, Math.max(pageSize, dir.entries.length)) });
  }
  return { state: { ...state, dirs }, reload };
}

export function setHidden(state: TreeState, hidden: boolean): TreeState {
  return state.hidden === hidden ? state : { hidden, dirs: {}, expanded: state.expanded };
}

export type TreeRow =
  | { type: 'entry'; path: string; name: string; kind: EntryKind; size: number; level: number; expanded: boolean; setSize: number; position: number }
  | { type: 'loading'; dir: string; level: number }
  | { type: 'error'; dir: string; level: number; problem: Problem }
  | { type: 'more'; dir: string; level: number; offset: number; remaining: number; loading: boolean; problem: Problem | null };

/** The rows the tree shows, in order: each open folder's entries under it, one level deeper. */
export function treeRows(state: TreeState): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (dir: string, level: number) => {
    const listing = state.dirs[dir];
    if (!listing || listing.status === 'loading') {
      rows.push({ type: 'loading', dir, level });
      return;
    }
    if (listing.status === 'error') {
      rows.push({ type: 'error', dir, level, problem: listing.problem ?? { message: 'The folder could not be read.', hint: '' } });
      return;
    }
    listing.entries.forEach((entry, i) => {
      const path = joinPath(dir, entry.name);
      const open = entry.kind === 'directory' && state.expanded[path] === true;
      rows.push({ type: 'entry', path, name: entry.name, kind: entry.kind, size: entry.size, level, expanded: open, setSize: listing.total, position: i + 1 });
      if (open) walk(path, level + 1);
    });
    if (listing.nextOffset !== null)
      rows.push({
        type: 'more',
        dir,
        level,
        offset: listing.nextOffset,
        remaining: Math.max(0, listing.total - listing.entries.length),
        loading: listing.loadingMore,
        problem: listing.problem,
      });
  };
  walk(ROOT, 1);
  return rows;
}

/** The key of a row, also its id in the page. */
export function rowKey(row: TreeRow): string {
  return row.type === 'entry' ? `e:${row.path}` : `${row.type}:${row.dir}`;
}
