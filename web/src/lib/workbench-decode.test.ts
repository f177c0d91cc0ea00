import { describe, expect, it } from 'vitest';
import { MalformedAnswer, decodeDirListing, decodeFileContent, decodeGitDiff, decodeGitStatus } from './workbench-decode';

describe('decodeDirListing', () => {
  it('reads a listing', () => {
    const listing = decodeDirListing({
      path: 'src',
      entries: [
        { name: 'lib', kind: 'directory', size: 0 },
        { name: 'app.ts', kind: 'file', size: 123 },
      ],
      total: 812,
      nextOffset: 500,
      ignoredHidden: 3,
    });
    expect(listing).toEqual({
      path: 'src',
      entries: [
        { name: 'lib', kind: 'directory', size: 0 },
        { name: 'app.ts', kind: 'file', size: 123 },
      ],
      total: 812,
      nextOffset: 500,
      ignoredHidden: 3,
    });
  });

  it('fills what may be left out: nextOffset null, the total from the entries, no size', () => {
    expect(decodeDirListing({ path: '', entries: [{ name: 'a', kind: 'symlink' }], nextOffset: null })).toEqual({
      path: '',
      entries: [{ name: 'a', kind: 'symlink', size: 0 }],
      total: 1,
      nextOffset: null,
      ignoredHidden: 0,
    });
  });

  it('refuses what is not a listing, saying where', () => {
    expect(() => decodeDirListing(null)).toThrow(MalformedAnswer);
    expect(() => decodeDirListing([])).toThrow(/not a JSON object/);
    expect(() => decodeDirListing({ path: 'x' })).toThrow(/entries is not an array/);
    expect(() => decodeDirListing({ path: 'x', entries: [{ name: 'a', kind: 'socket' }] })).toThrow(/entries\[0\]\.kind is not one of/);
    expect(() => decodeDirListing({ path: 'x', entries: [7] })).toThrow(/entries\[0\] is not an object/);
    expect(() => decodeDirListing({ path: 'x', entries: [], nextOffset: -1 })).toThrow(/nextOffset/);
  });
});

describe('decodeFileContent', () => {
  it('text, binary, too large', () => {
    expect(decodeFileContent({ path: 'a.ts', size: 3, binary: false, text: 'abc', tooLarge: false })).toEqual({ kind: 'text', path: 'a.ts', size: 3, text: 'abc' });
    expect(decodeFileContent({ path: 'a.png', size: 30, binary: true })).toEqual({ kind: 'binary', path: 'a.png', size: 30 });
    expect(decodeFileContent({ path: 'big', size: 3_000_000, tooLarge: true, limit: 1_048_576 })).toEqual({ kind: 'tooLarge', path: 'big', size: 3_000_000, limit: 1_048_576 });
  });

  it('refuses a text file without its text', () => {
    expect(() => decodeFileContent({ path: 'a', size: 1, binary: false })).toThrow(/text is not a string/);
    expect(() => decodeFileContent({ path: 'a', size: 'x' })).toThrow(/size is not a count/);
  });
});

describe('decodeGitStatus', () => {
  it('not a repository', () => {
    expect(decodeGitStatus({ repository: false })).toEqual({ repository: false });
  });

  it('a repository with its files', () => {
    const status = decodeGitStatus({
      repository: true,
      branch: 'main',
      head: 'abc1234def',
      upstream: 'origin/main',
      ahead: 1,
      behind: 2,
      files: [
        { path: 'b.ts', oldPath: 'a.ts', status: 'renamed', staged: true, unstaged: false },
        { path: 'new.txt', status: 'untracked', staged: false, unstaged: true },
      ],
      truncated: false,
    });
    expect(status).toEqual({
      repository: true,
      branch: 'main',
      head: 'abc1234def',
      upstream: 'origin/main',
      ahead: 1,
      behind: 2,
      files: [
        { path: 'b.ts', oldPath: 'a.ts', status: 'renamed', staged: true, unstaged: false },
        { path: 'new.txt', status: 'untracked', staged: false, unstaged: true },
      ],
      truncated: false,
    });
  });

  it('a fresh repository: no branch yet, no head, no upstream', () => {
    expect(decodeGitStatus({ repository: true, branch: null, head: null, upstream: null, ahead: 0, behind: 0, files: [], truncated: false })).toMatchObject({
      branch: null,
      head: null,
      upstream: null,
    });
  });

  it('refuses an unknown status or a missing flag', () => {
    expect(() => decodeGitStatus({})).toThrow(/repository is not true or false/);
    expect(() => decodeGitStatus({ repository: true, files: [{ path: 'a', status: 'weird' }] })).toThrow(/files\[0\]\.status/);
    expect(() => decodeGitStatus({ repository: true, branch: 3, files: [] })).toThrow(/branch/);
  });
});

describe('decodeGitDiff', () => {
  it('reads the diff and whether it was cut', () => {
    expect(decodeGitDiff({ diff: 'diff --git a/x b/x\n', truncated: true })).toEqual({ diff: 'diff --git a/x b/x\n', truncated: true });
    expect(decodeGitDiff({ diff: '' })).toEqual({ diff: '', truncated: false });
    expect(() => decodeGitDiff({ truncated: false })).toThrow(/diff is not a string/);
  });
});
