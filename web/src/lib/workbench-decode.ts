// The answers of the workbench routes (the Files and Changes panels beside the chat):
// a folder's listing, a file's text, the project's git status and a unified diff. They
// come from another program: each is checked here, and a malformed answer is refused
// with a clear error rather than drawn half right.

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface DirEntry {
  name: string;
  kind: EntryKind;
  size: number;
}

export interface DirListing {
  /** The folder, relative to the project root ("" = the root). */
  path: string;
  entries: DirEntry[];
  total: number;
  nextOffset: number | null;
  /** Entries left out because .gitignore names them. */
  ignoredHidden: number;
}

export type FileContent =
  | { kind: 'text'; path: string; size: number; text: string }
  | { kind: 'binary'; path: string; size: number }
  | { kind: 'tooLarge'; path: string; size: number; limit: number | null };

export const GitFileStatus = ['modified', 'added', 'deleted', 'renamed', 'copied', 'untracked', 'conflicted', 'typechange'] as const;
export type GitFileStatus = (typeof GitFileStatus)[number];

export interface GitFile {
  path: string;
  oldPath?: string;
  status: GitFileStatus;
  staged: boolean;
  unstaged: boolean;
}

export type GitStatus =
  | { repository: false }
  | {
      repository: true;
      branch: string | null;
      head: string | null;
      upstream: string | null;
      ahead: number;
      behind: number;
      files: GitFile[];
      truncated: boolean;
    };

export interface GitDiff {
  diff: string;
  truncated: boolean;
}

/** A server answer that is not what the route promises. */
export class MalformedAnswer extends Error {
  constructor(what: string, why: string) {
    super(`The server's answer for ${what} is malformed: ${why}.`);
    this.name = 'MalformedAnswer';
  }
}

type Record_ = Record<string, unknown>;
const isObject = (value: unknown): value is Record_ => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

class Reader {
  constructor(
    private readonly what: string,
    private readonly value: Record_,
    private readonly at = '',
  ) {}

  private fail(key: string, expected: string): never {
    throw new MalformedAnswer(this.what, `${this.at}${key} is not ${expected}`);
  }

  string(key: string): string {
    const v = this.value[key];
    return typeof v === 'string' ? v : this.fail(key, 'a string');
  }

  optionalString(key: string): string | undefined {
    const v = this.value[key];
    return v === undefined ? undefined : typeof v === 'string' ? v : this.fail(key, 'a string');
  }

  nullableString(key: string): string | null {
    const v = this.value[key];
    return v === undefined || v === null ? null : typeof v === 'string' ? v : this.fail(key, 'a string or null');
  }

  count(key: string): number {
    const v = this.value[key];
    return isCount(v) ? v : this.fail(key, 'a count');
  }

  countOr(key: string, fallback: number): number {
    return this.value[key] === undefined ? fallback : this.count(key);
  }

  nullableCount(key: string): number | null {
    const v = this.value[key];
    return v === undefined || v === null ? null : isCount(v) ? v : this.fail(key, 'a count or null');
  }

  boolean(key: string, fallback?: boolean): boolean {
    const v = this.value[key];
    if (v === undefined && fallback !== undefined) return fallback;
    return typeof v === 'boolean' ? v : this.fail(key, 'true or false');
  }

  array(key: string): unknown[] {
    const v = this.value[key];
    return Array.isArray(v) ? (v as unknown[]) : this.fail(key, 'an array');
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const v = this.value[key];
    return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : this.fail(key, `one of ${values.join(', ')}`);
  }
}

function root(what: string, value: unknown): Reader {
  if (!isObject(value)) throw new MalformedAnswer(what, 'it is not a JSON object');
  return new Reader(what, value);
}

function item(what: string, value: unknown, at: string): Reader {
  if (!isObject(value)) throw new MalformedAnswer(what, `${at} is not an object`);
  return new Reader(what, value, `${at}.`);
}

const entryKinds: readonly EntryKind[] = ['file', 'directory', 'symlink', 'other'];

export function decodeDirListing(value: unknown): DirListing {
  const what = 'a folder listing';
  const r = root(what, value);
  const entries = r.array('entries').map((raw, i): DirEntry => {
    const e = item(what, raw, `entries[${i}]`);
    return { name: e.string('name'), kind: e.oneOf('kind', entryKinds), size: e.countOr('size', 0) };
  });
  return { path: r.string('path'), entries, total: r.countOr('total', entries.length), nextOffset: r.nullableCount('nextOffset'), ignoredHidden: r.countOr('ignoredHidden', 0) };
}

export function decodeFileContent(value: unknown): FileContent {
  const r = root('a file', value);
  const path = r.string('path');
  const size = r.count('size');
  if (r.boolean('tooLarge', false)) return { kind: 'tooLarge', path, size, limit: r.nullableCount('limit') };
  if (r.boolean('binary', false)) return { kind: 'binary', path, size };
  return { kind: 'text', path, size, text: r.string('text') };
}

export function decodeGitStatus(value: unknown): GitStatus {
  const what = 'the git status';
  const r = root(what, value);
  if (!r.boolean('repository')) return { repository: false };
  const files = r.array('files').map((raw, i): GitFile => {
    const f = item(what, raw, `files[${i}]`);
    const file: GitFile = { path: f.string('path'), status: f.oneOf('status', GitFileStatus), staged: f.boolean('staged', false), unstaged: f.boolean('unstaged', false) };
    const oldPath = f.optionalString('oldPath');
    if (oldPath !== undefined) file.oldPath = oldPath;
    return file;
  });
  return {
    repository: true,
    branch: r.nullableString('branch'),
    head: r.nullableString('head'),
    upstream: r.nullableString('upstream'),
    ahead: r.countOr('ahead', 0),
    behind: r.countOr('behind', 0),
    files,
    truncated: r.boolean('truncated', false),
  };
}

export function decodeGitDiff(value: unknown): GitDiff {
  const r = root('a diff', value);
  return { diff: r.string('diff'), truncated: r.boolean('truncated', false) };
}
