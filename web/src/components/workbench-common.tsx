// Pieces the workbench panels share: a fetch with its states (loading, ready, failed
// with the server's message and hint), the box that says what failed with a Retry
// button, and a media query read as React state.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError } from '../lib/api/request';
import type { Problem } from '../lib/file-tree';

export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return { message: error.message, hint: error.hint };
  return { message: error instanceof Error ? error.message : 'Something went wrong.', hint: '' };
}

export type Fetched<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; problem: Problem };

/**
 * Fetches when `key` changes (and on retry); an answer to an older key is dropped. The
 * last value stays shown while a refresh of the same key (`refresh` changed) runs.
 */
export function useFetched<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>, refresh = 0): { state: Fetched<T>; retry: () => void; refreshing: boolean } {
  const [attempt, setAttempt] = useState(0);
  const token = `${attempt}:${refresh}`;
  const [answer, setAnswer] = useState<{ key: string; token: string; fetched: Fetched<T> } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetcher(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setAnswer({ key, token, fetched: { status: 'ready', value } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setAnswer({ key, token, fetched: { status: 'error', problem: problemOf(error) } });
      },
    );
    return () => { controller.abort(); };
    // The fetcher is a new function each render; the key and token name what it fetches.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, token]);
  const retry = useCallback(() => { setAttempt((n) => n + 1); }, []);
  const current = answer?.key === key ? answer : null;
  const refreshing = current?.token !== token;
  // A refresh keeps the last value shown; a retry after a failure shows Loading again.
  const state: Fetched<T> = !current || (refreshing && current.fetched.status === 'error') ? { status: 'loading' } : current.fetched;
  return { state, retry, refreshing };
}

export function ProblemBox({ title, problem, onRetry }: { title: string; problem: Problem; onRetry?: () => void }) {
  return (
    <div role="alert" className="m-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
      <p className="font-medium">{title}</p>
      <p className="mt-0.5">{problem.message}</p>
      {problem.hint && <p className="mt-0.5 text-xs text-red-800/80 dark:text-red-300/80">{problem.hint}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry} className="mt-2 rounded-md border border-red-300 px-2 py-0.5 text-xs hover:bg-red-100 dark:border-red-800 dark:hover:bg-red-900/40">
          Retry
        </button>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p aria-busy="true" className="px-3 py-2 text-sm text-zinc-500 dark:text-zinc-400">
      Loading {what}…
    </p>
  );
}

const canMatch = () => typeof window.matchMedia === 'function'; // jsdom has none

export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (changed) => {
      if (!canMatch()) return () => undefined;
      const list = window.matchMedia(query);
      list.addEventListener('change', changed);
      return () => { list.removeEventListener('change', changed); };
    },
    () => canMatch() && window.matchMedia(query).matches,
  );
}
