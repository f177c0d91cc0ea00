// Browsing the workspace for a project folder: the folder shown with its breadcrumb and
// an Up button (never above a root), its subfolders page by page, hidden ones on demand,
// and the server's words when a folder cannot be listed.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { listFolders } from '../lib/api/projects-api';
import { ApiError } from '../lib/api/request';
import { FolderBrowser, breadcrumbs, type FolderProblem } from '../lib/folder-picker';
import { useClaudeStore } from '../lib/store/claude-store';

function explain(error: unknown): FolderProblem {
  if (error instanceof ApiError) return { message: error.message, hint: error.hint };
  return { message: String(error), hint: '' };
}

interface Props {
  start?: string; // the folder to show first (none: the first root)
  onChoose: (path: string) => void;
  onCancel: () => void;
}

const link = 'rounded px-1 hover:bg-zinc-100 dark:hover:bg-zinc-800';

export function FolderPicker({ start, onChoose, onCancel }: Props) {
  const [browser] = useState(() => new FolderBrowser(listFolders, explain));
  const state = useSyncExternalStore(browser.subscribe, browser.getState);
  const home = useClaudeStore((s) => s.projects?.home ?? null);
  useEffect(() => {
    void browser.open(start);
  }, [browser, start]);
  const listing = state.listing;
  return (
    <div className="rounded-lg border border-zinc-200 dark:border-zinc-700" data-testid="folder-picker">
      <div className="flex items-center gap-2 border-b border-zinc-200 px-2 py-1.5 dark:border-zinc-700">
        <button
          type="button"
          onClick={() => listing?.parent && void browser.open(listing.parent)}
          disabled={!listing?.parent}
          aria-label="Up one folder"
          className="rounded border border-zinc-300 px-1.5 text-sm disabled:opacity-40 dark:border-zinc-600"
        >
          ↑
        </button>
        <nav aria-label="Folder path" className="flex min-w-0 flex-1 flex-wrap items-center text-sm" data-testid="folder-breadcrumb">
          {listing &&
            breadcrumbs(listing, home).map((crumb, i, all) => (
              <span key={crumb.path} className="flex items-center">
                {i > 0 && <span className="px-0.5 text-zinc-400">/</span>}
                {i === all.length - 1 ? (
                  <span className="px-1 font-medium" aria-current="location">
                    {crumb.label}
                  </span>
                ) : (
                  <button type="button" className={link} onClick={() => void browser.open(crumb.path)}>
                    {crumb.label}
                  </button>
                )}
              </span>
            ))}
        </nav>
        <label className="flex shrink-0 items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          <input type="checkbox" checked={state.hidden} onChange={(e) => void browser.showHidden(e.target.checked)} />
          Show hidden
        </label>
      </div>
      {state.error && (
        <p role="alert" className="bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950/50 dark:text-red-200" data-testid="folder-error">
          Can’t list this folder: {state.error.message} {state.error.hint}
        </p>
      )}
      <ul className="max-h-56 overflow-y-auto py-1" aria-label="Folders" aria-busy={state.loading}>
        {state.folders.map((folder) => (
          <li key={folder.path}>
            <button
              type="button"
              onClick={() => void browser.open(folder.path)}
              className="flex w-full items-center gap-2 px-3 py-1 text-left text-sm before:text-zinc-400 before:content-['▸'] hover:bg-zinc-100 dark:hover:bg-zinc-800"
              data-testid="folder-entry"
            >
              <span className="truncate">{folder.name}</span>
            </button>
          </li>
        ))}
        {listing && state.folders.length === 0 && !state.loading && <li className="px-3 py-1 text-sm text-zinc-500">No folders inside.</li>}
        {state.loading && <li className="px-3 py-1 text-sm text-zinc-500">Loading…</li>}
      </ul>
      {state.nextOffset !== null && !state.loading && (
        <div className="border-t border-zinc-200 px-3 py-1 dark:border-zinc-700">
          <button type="button" onClick={() => void browser.more()} className="text-sm text-blue-700 hover:underline dark:text-blue-400">
            More folders ({listing ? listing.total - state.folders.length : 0} more)
          </button>
        </div>
      )}
      <div className="flex items-center justify-end gap-2 border-t border-zinc-200 px-2 py-1.5 dark:border-zinc-700">
        <button type="button" onClick={onCancel} className="rounded-md px-2 py-0.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
          Back
        </button>
        <button
          type="button"
          disabled={!listing}
          title={listing?.path}
          onClick={() => {
            if (listing) onChoose(listing.path);
          }}
          className="rounded-md bg-blue-600 px-2.5 py-0.5 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-40"
        >
          Use this folder
        </button>
      </div>
    </div>
  );
}
