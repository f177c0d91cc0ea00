// Paging back through a long session (docs/protocol.md §3.1): a tab joins at the tail
// and loads older events page by page as the reader scrolls up. Pages never touch the
// client's resume point; they only go above the timeline held.
import * as api from '../api/sessions-api';
import { prependHistory, updateHistory, useClaudeStore } from './claude-store';

/** Turns a tab with nothing of a session starts from. */
export const TAIL_TURNS = 30;
/** Events per older page. */
export const PAGE_EVENTS = 500;

/** Loads the page before the oldest event held, unless one is loading, none is older, or the last try failed. */
export function loadOlder(sessionId: string, options: { retry?: boolean } = {}): Promise<void> {
  const history = useClaudeStore.getState().histories[sessionId];
  if (!history || !history.hasOlder || history.loading) return Promise.resolve();
  // After a failure the reader asks again (the retry button), rather than every scroll event.
  if (history.error !== null && !options.retry) return Promise.resolve();
  return fetchPage(sessionId, history.oldestSeq);
}

async function fetchPage(sessionId: string, before: number): Promise<void> {
  updateHistory(sessionId, { loading: true, error: null });
  try {
    const page = await api.olderEvents(sessionId, before, PAGE_EVENTS);
    // The session may have been left, or rejoined from a new start, meanwhile.
    if (useClaudeStore.getState().histories[sessionId]?.oldestSeq !== before) return;
    prependHistory(sessionId, page.events, page.hasOlder);
  } catch (error) {
    const message = error instanceof api.ApiError ? `${error.message}${error.hint ? ` ${error.hint}` : ''}` : String(error);
    updateHistory(sessionId, { loading: false, error: message });
  }
}
