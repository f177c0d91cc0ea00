// The top of a session's conversation: how to reach what is older (it loads by itself
// when the reader scrolls near it; the button is there for the keyboard and as a
// fallback), that it is loading, why it could not be loaded (with Retry), or that this
// is where the conversation begins. One fixed height, so the messages below never move
// when it changes.
import type { HistoryState } from '../lib/store/claude-store';

export const HISTORY_TOP_PX = 56;

export function HistoryTop({ history, onLoad }: { history: HistoryState; onLoad: (retry: boolean) => void }) {
  const body = (() => {
    if (!history.hasOlder) return <span>Beginning of the conversation</span>;
    if (history.loading) return <span role="status">Loading earlier messages…</span>;
    if (history.error !== null)
      return (
        <>
          <span className="line-clamp-3 min-w-0 text-red-700 dark:text-red-400" role="alert" title={history.error}>
            Earlier messages could not be loaded: {history.error}
          </span>
          <button type="button" onClick={() => { onLoad(true); }} className="shrink-0 rounded-md border border-current px-2 py-0.5 text-xs">
            Retry
          </button>
        </>
      );
    return (
      <button type="button" onClick={() => { onLoad(false); }} className="rounded-md border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
        Load earlier messages
      </button>
    );
  })();
  return (
    <div
      className="absolute top-0 left-0 flex w-full items-center justify-center gap-3 px-4 text-xs text-zinc-500 dark:text-zinc-400"
      style={{ height: HISTORY_TOP_PX }}
      data-testid="history-top"
      data-state={!history.hasOlder ? 'beginning' : history.loading ? 'loading' : history.error !== null ? 'error' : 'more'}
    >
      {body}
    </div>
  );
}
