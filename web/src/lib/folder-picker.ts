// The folder picker's logic, framework-free: which folder is shown, its pages (a "more"
// button while the server has a nextOffset), hidden folders on or off, and answers that
// arrive late (after the user moved on) being ignored. FolderBrowser wires it to the
// REST call; the component only renders its state.
import type { FolderEntry, FolderListing } from '../types/websocket';
import type { FolderQuery } from './api/projects-api';
import { shortenPath } from './paths';

export interface FolderProblem {
  message: string;
  hint: string;
}

export interface FolderPickerState {
  listing: FolderListing | null; // the folder shown (its first page's answer)
  folders: FolderEntry[]; // every page loaded so far
  nextOffset: number | null;
  hidden: boolean;
  loading: boolean;
  error: FolderProblem | null;
  /** The query whose answer is awaited; any other answer is stale. */
  pending: FolderQuery | null;
}

export const PAGE_SIZE = 200;

export const initialFolderPicker: FolderPickerState = { listing: null, folders: [], nextOffset: null, hidden: false, loading: false, error: null, pending: null };

/** Show a folder (undefined: the first root) from its first page. */
export function openFolder(state: FolderPickerState, path: string | undefined): [FolderPickerState, FolderQuery] {
  const query: FolderQuery = { path, offset: 0, limit: PAGE_SIZE, hidden: state.hidden };
  return [{ ...state, loading: true, error: null, pending: query }, query];
}

/** The next page of the folder shown, or null when there is none (or one is loading). */
export function loadMore(state: FolderPickerState): [FolderPickerState, FolderQuery] | null {
  if (!state.listing || state.nextOffset === null || state.loading) return null;
  const query: FolderQuery = { path: state.listing.path, offset: state.nextOffset, limit: PAGE_SIZE, hidden: state.hidden };
  return [{ ...state, loading: true, error: null, pending: query }, query];
}

/** Hidden folders on or off: the folder shown is listed again from its first page. */
export function setHidden(state: FolderPickerState, hidden: boolean): [FolderPickerState, FolderQuery] {
  return openFolder({ ...state, hidden }, state.listing?.path ?? state.pending?.path);
}

export function applyListing(state: FolderPickerState, query: FolderQuery, listing: FolderListing): FolderPickerState {
  if (query !== state.pending) return state; // the user moved on meanwhile
  const firstPage = (query.offset ?? 0) === 0;
  return {
    ...state,
    listing: firstPage ? listing : (state.listing ?? listing),
    folders: firstPage ? listing.folders : [...state.folders, ...listing.folders],
    nextOffset: listing.nextOffset,
    loading: false,
    error: null,
    pending: null,
  };
}

export function applyFailure(state: FolderPickerState, query: FolderQuery, error: FolderProblem): FolderPickerState {
  if (query !== state.pending) return state;
  return { ...state, loading: false, error, pending: null };
}

export interface Crumb {
  label: string;
  path: string;
}

/** From the root down to the folder shown: the root as `~/…`, then each folder's name. */
export function breadcrumbs(listing: FolderListing, home: string | null): Crumb[] {
  const crumbs: Crumb[] = [{ label: shortenPath(listing.root, home), path: listing.root }];
  if (listing.path === listing.root || !listing.path.startsWith(listing.root)) return crumbs;
  const rest = listing.path.slice(listing.root.length).split('/').filter(Boolean);
  let path = listing.root.replace(/\/+$/, '');
  for (const name of rest) {
    path = `${path}/${name}`;
    crumbs.push({ label: name, path });
  }
  return crumbs;
}

type FetchFolders = (query: FolderQuery) => Promise<FolderListing>;
type Explain = (error: unknown) => FolderProblem;

/** The picker's state with its REST calls; subscribe() + getState() suit useSyncExternalStore. */
export class FolderBrowser {
  private state: FolderPickerState = initialFolderPicker;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly fetchFolders: FetchFolders, private readonly explain: Explain) {}

  getState = (): FolderPickerState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  open(path: string | undefined): Promise<void> {
    return this.run(openFolder(this.state, path));
  }

  more(): Promise<void> {
    const next = loadMore(this.state);
    return next ? this.run(next) : Promise.resolve();
  }

  showHidden(hidden: boolean): Promise<void> {
    return this.run(setHidden(this.state, hidden));
  }

  private async run([state, query]: [FolderPickerState, FolderQuery]): Promise<void> {
    this.set(state);
    try {
      const listing = await this.fetchFolders(query);
      this.set(applyListing(this.state, query, listing));
    } catch (error) {
      this.set(applyFailure(this.state, query, this.explain(error)));
    }
  }

  private set(state: FolderPickerState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
