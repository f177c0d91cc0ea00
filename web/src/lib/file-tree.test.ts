import { describe, expect, it } from 'vitest';
import type { DirListing } from './workbench-decode';
import { collapse, refreshTree, emptyTree, expand, forget, loadFailed, loadStarted, loadSucceeded, reveal, setHidden, toLoad, treeRows, type TreeState } from './file-tree';

const listing = (path: string, names: string[], extra: Partial<DirListing> = {}): DirListing => ({
  path,
  entries: names.map((name) => (name.endsWith('/') ? { name: name.slice(0, -1), kind: 'directory', size: 0 } : { name, kind: 'file', size: 10 })),
  total: names.length,
  nextOffset: null,
  ignoredHidden: 0,
  ...extra,
});

const names = (state: TreeState) => treeRows(state).map((row) => (row.type === 'entry' ? `${'  '.repeat(row.level - 1)}${row.name}${row.expanded ? ' (open)' : ''}` : `${'  '.repeat(row.level - 1)}[${row.type}]`));

describe('the file tree', () => {
  it('loads the root first, then a folder when it is opened, and keeps it when closed', () => {
    let tree = emptyTree();
    expect(toLoad(tree)).toEqual(['']);
    expect(names(tree)).toEqual(['[loading]']);
    tree = loadStarted(tree, '');
    expect(toLoad(tree)).toEqual([]);
    tree = loadSucceeded(tree, '', listing('', ['src/', 'README.md']), 0, false);
    expect(names(tree)).toEqual(['src', 'README.md']);

    tree = expand(tree, 'src');
    expect(toLoad(tree)).toEqual(['src']);
    expect(names(tree)).toEqual(['src (open)', '  [loading]', 'README.md']);
    tree = loadSucceeded(loadStarted(tree, 'src'), 'src', listing('src', ['lib/', 'app.ts']), 0, false);
    expect(names(tree)).toEqual(['src (open)', '  lib', '  app.ts', 'README.md']);

    tree = collapse(tree, 'src');
    expect(names(tree)).toEqual(['src', 'README.md']);
    tree = expand(tree, 'src');
    expect(toLoad(tree)).toEqual([]); // cached
    expect(names(tree)).toEqual(['src (open)', '  lib', '  app.ts', 'README.md']);
  });

  it('levels, positions and set sizes for the tree roles', () => {
    let tree = loadSucceeded(emptyTree(), '', listing('', ['a/', 'b']), 0, false);
    tree = loadSucceeded(expand(tree, 'a'), 'a', listing('a', ['c']), 0, false);
    expect(treeRows(tree)).toEqual([
      { type: 'entry', path: 'a', name: 'a', kind: 'directory', size: 0, level: 1, expanded: true, setSize: 2, position: 1 },
      { type: 'entry', path: 'a/c', name: 'c', kind: 'file', size: 10, level: 2, expanded: false, setSize: 1, position: 1 },
      { type: 'entry', path: 'b', name: 'b', kind: 'file', size: 10, level: 1, expanded: false, setSize: 2, position: 2 },
    ]);
  });

  it('pages: "Show N more" adds the next page to the entries shown', () => {
    let tree = loadSucceeded(emptyTree(), '', listing('', ['a', 'b'], { total: 5, nextOffset: 2 }), 0, false);
    expect(treeRows(tree).at(-1)).toEqual({ type: 'more', dir: '', level: 1, offset: 2, remaining: 3, loading: false, problem: null });
    tree = loadStarted(tree, '');
    expect(names(tree)).toEqual(['a', 'b', '[more]']);
    expect(treeRows(tree).at(-1)).toMatchObject({ loading: true });
    tree = loadSucceeded(tree, '', listing('', ['c', 'd', 'e'], { total: 5, nextOffset: null }), 2, false);
    expect(names(tree)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('a page that fails keeps what was shown and says why on the "more" row', () => {
    let tree = loadSucceeded(emptyTree(), '', listing('', ['a'], { total: 2, nextOffset: 1 }), 0, false);
    tree = loadFailed(loadStarted(tree, ''), '', { message: 'gone', hint: 'h' }, false);
    expect(names(tree)).toEqual(['a', '[more]']);
    expect(treeRows(tree).at(-1)).toMatchObject({ loading: false, problem: { message: 'gone' } });
  });

  it('a folder that fails says why; Retry forgets it so it loads again', () => {
    let tree = loadFailed(loadStarted(emptyTree(), ''), '', { message: 'Permission denied', hint: 'chmod' }, false);
    expect(treeRows(tree)).toEqual([{ type: 'error', dir: '', level: 1, problem: { message: 'Permission denied', hint: 'chmod' } }]);
    expect(toLoad(tree)).toEqual([]);
    tree = forget(tree, '');
    expect(toLoad(tree)).toEqual(['']);
  });

  it('showing hidden files empties the cache, keeps folders open and drops answers for the old setting', () => {
    let tree = loadSucceeded(emptyTree(), '', listing('', ['src/']), 0, false);
    tree = loadSucceeded(expand(tree, 'src'), 'src', listing('src', ['a']), 0, false);
    tree = setHidden(tree, true);
    expect(tree.expanded).toEqual({ src: true });
    expect(toLoad(tree)).toEqual(['', 'src']);
    const late = loadSucceeded(tree, '', listing('', ['stale']), 0, false);
    expect(late).toBe(tree);
    expect(loadFailed(tree, '', { message: 'x', hint: '' }, false)).toBe(tree);
  });

  it('a folder inside a closed one is not loaded; reveal opens the way to a file', () => {
    let tree = loadSucceeded(emptyTree(), '', listing('', ['a/']), 0, false);
    tree = collapse(expand(expand(tree, 'a/b'), 'a'), 'a');
    expect(toLoad(tree)).toEqual([]);
    tree = reveal(emptyTree(), 'a/b/c.ts');
    expect(tree.expanded).toEqual({ a: true, 'a/b': true });
  });

  it('refresh lists the folders shown again, as many entries as they show, and forgets the hidden ones', () => {
    let tree = loadSucceeded(emptyTree(), '', listing('', ['a/', 'b/'], { total: 900, nextOffset: 2 }), 0, false);
    tree = loadSucceeded(tree, '', listing('', Array.from({ length: 600 }, (_, i) => `f${i}`), { total: 900, nextOffset: 602 }), 2, false);
    tree = loadSucceeded(expand(tree, 'a'), 'a', listing('a', ['x']), 0, false);
    tree = loadSucceeded(collapse(expand(tree, 'b'), 'b'), 'b', listing('b', ['y']), 0, false);
    const { state, reload } = refreshTree(tree, 500, 2000);
    expect(reload).toEqual([
      { path: '', limit: 602 },
      { path: 'a', limit: 500 },
    ]);
    expect(Object.keys(state.dirs).sort()).toEqual(['', 'a']);
    expect(treeRows(state)).toEqual(treeRows(tree)); // nothing flashes while it reloads
    const after = loadSucceeded(state, 'a', listing('a', ['x', 'new']), 0, false);
    expect(names(after).slice(0, 4)).toEqual(['a (open)', '  x', '  new', 'b']);
  });
});
