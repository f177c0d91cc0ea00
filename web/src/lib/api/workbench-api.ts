// REST calls of the workbench panels (Files, Changes) for one session's project: a
// folder's listing, a file, the git status and a diff. Each answer is checked by its
// decoder (lib/workbench-decode.ts); a malformed one becomes an ApiError that says so.
import { QueryParam, Route } from '../../types/websocket';
import {
  MalformedAnswer,
  decodeDirListing,
  decodeFileContent,
  decodeGitDiff,
  decodeGitStatus,
  type DirListing,
  type FileContent,
  type GitDiff,
  type GitStatus,
} from '../workbench-decode';
import { ApiError, request, withQuery } from './request';

export const LISTING_PAGE = 500;

const sessionPath = (id: string, rest: string) => `${Route.sessions}/${encodeURIComponent(id)}/${rest}`;

async function decoded<T>(path: string, decode: (value: unknown) => T, signal?: AbortSignal): Promise<T> {
  const body = await request<unknown>(path, signal ? { signal } : {});
  try {
    return decode(body);
  } catch (error) {
    if (error instanceof MalformedAnswer) throw new ApiError(200, 'malformed_answer', error.message, 'Is the server the same version as this page? Reload the page.');
    throw error;
  }
}

export interface ListQuery {
  path: string;
  offset?: number;
  limit?: number;
  hidden?: boolean;
}

export function listFiles(sessionId: string, query: ListQuery, signal?: AbortSignal): Promise<DirListing> {
  const path = withQuery(sessionPath(sessionId, 'files'), {
    [QueryParam.path]: query.path,
    [QueryParam.offset]: query.offset ?? 0,
    [QueryParam.limit]: query.limit ?? LISTING_PAGE,
    [QueryParam.hidden]: query.hidden ? 1 : undefined,
  });
  return decoded(path, decodeDirListing, signal);
}

export function readFile(sessionId: string, path: string, signal?: AbortSignal): Promise<FileContent> {
  return decoded(withQuery(sessionPath(sessionId, 'file'), { [QueryParam.path]: path }), decodeFileContent, signal);
}

export function gitStatus(sessionId: string, signal?: AbortSignal): Promise<GitStatus> {
  return decoded(sessionPath(sessionId, 'git'), decodeGitStatus, signal);
}

export function gitDiff(sessionId: string, query: { path?: string; staged?: boolean }, signal?: AbortSignal): Promise<GitDiff> {
  const path = withQuery(sessionPath(sessionId, 'git/diff'), { [QueryParam.path]: query.path, staged: query.staged ? 1 : undefined });
  return decoded(path, decodeGitDiff, signal);
}
