import { describe, expect, it } from 'vitest';
import type { FolderListing } from '../types/websocket';
import type { FolderQuery } from './api/projects-api';
import { FolderBrowser, applyFailure, applyListing, breadcrumbs, initialFolderPicker, loadMore, openFolder, setHidden } from './folder-picker';

const listing = (path: string, names: string[], extra: Partial<FolderListing> = {}): FolderListing => ({
  path,
  displayPath: path,
  parent: null,
  root: '/w',
  folders: names.map((name) => ({ name, path: `${path}/${name}` })),
  total: names.length,
  nextOffset: null,
  ...extra,
});

describe('folder picker paging', () => {
  it('loads the first page, then the next while there is a nextOffset', () => {
    const [opening, first] = openFolder(initialFolderPicker, undefined);
    expect(first).toEqual({ path: undefined, offset: 0, limit: 200, hidden: false });
    let state = applyListing(opening, first, listing('/w', ['a', 'b'], { total: 3, nextOffset: 2 }));
    expect(state.folders.map((f) => f.name)).toEqual(['a', 'b']);
    const next = loadMore(state);
    expect(next?.[1]).toEqual({ path: '/w', offset: 2, limit: 200, hidden: false });
    if (!next) return;
    state = applyListing(next[0], next[1], listing('/w', ['c'], { total: 3, nextOffset: null }));
    expect(state.folders.map((f) => f.name)).toEqual(['a', 'b', 'c']);
    expect(loadMore(state)).toBeNull(); // the last page
  });

  it('ignores an answer for a folder the user has left', () => {
    const [a, queryA] = openFolder(initialFolderPicker, '/w/a');
    const [b, queryB] = openFolder(a, '/w/b');
    const late = applyListing(b, queryA, listing('/w/a', ['old']));
    expect(late).toBe(b);
    expect(applyListing(late, queryB, listing('/w/b', ['new'])).folders.map((f) => f.name)).toEqual(['new']);
  });

  it('keeps the folder shown and says what went wrong when a folder cannot be listed', () => {
    const [opening, first] = openFolder(initialFolderPicker, '/w');
    const shown = applyListing(opening, first, listing('/w', ['a']));
    const [failing, query] = openFolder(shown, '/etc');
    const state = applyFailure(failing, query, { message: 'Outside the workspace.', hint: 'Add it with --workspace.' });
    expect(state.listing?.path).toBe('/w');
    expect(state.error).toEqual({ message: 'Outside the workspace.', hint: 'Add it with --workspace.' });
    expect(state.loading).toBe(false);
  });

  it('lists the same folder again from the start when hidden folders are switched on', () => {
    const [opening, first] = openFolder(initialFolderPicker, undefined);
    const shown = applyListing(opening, first, listing('/w', ['a'], { nextOffset: 1, total: 2 }));
    const [, query] = setHidden(shown, true);
    expect(query).toEqual({ path: '/w', offset: 0, limit: 200, hidden: true });
  });

  it('breadcrumbs go from the root (as ~) down to the folder shown', () => {
    expect(breadcrumbs(listing('/home/ada/w/a/b', [], { root: '/home/ada/w' }), '/home/ada')).toEqual([
      { label: '~/w', path: '/home/ada/w' },
      { label: 'a', path: '/home/ada/w/a' },
      { label: 'b', path: '/home/ada/w/a/b' },
    ]);
    expect(breadcrumbs(listing('/w', []), null)).toEqual([{ label: '/w', path: '/w' }]);
  });
});

describe('FolderBrowser', () => {
  it('fetches, notifies, and turns a refusal into words', async () => {
    const asked: FolderQuery[] = [];
    const browser = new FolderBrowser(
      (query) => {
        asked.push(query);
        return query.path === '/nope' ? Promise.reject(new Error('403')) : Promise.resolve(listing(query.path ?? '/w', ['a']));
      },
      (error) => ({ message: String(error), hint: 'hint' }),
    );
    let changes = 0;
    browser.subscribe(() => (changes += 1));
    await browser.open(undefined);
    expect(browser.getState().folders.map((f) => f.name)).toEqual(['a']);
    await browser.open('/nope');
    expect(browser.getState().error).toEqual({ message: 'Error: 403', hint: 'hint' });
    await browser.showHidden(true);
    expect(asked.at(-1)).toEqual({ path: '/w', offset: 0, limit: 200, hidden: true });
    expect(changes).toBeGreaterThanOrEqual(6);
  });
});
