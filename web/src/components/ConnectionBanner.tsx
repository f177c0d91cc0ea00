// Says what is wrong with the connection and what to do next, with a Retry button when
// retrying is up to the user. Also shows the last server error not tied to a message.
import { useClaudeStore } from '../lib/store/claude-store';
import { dismissNotice, retryConnection } from '../lib/store/claude-actions';
import { fallbackText, problemText } from './connection-text';
import { WithCode } from './WithCode';

export function ConnectionBanner() {
  const connection = useClaudeStore((s) => s.connection);
  const notice = useClaudeStore((s) => s.notice);
  const problem = problemText(connection, window.location.host);
  const fallback = fallbackText(connection);
  const canRetry = connection.state === 'disconnected' || connection.state === 'error';
  return (
    <>
      {problem && (
        <div
          className={`flex items-center gap-3 px-4 py-2 text-sm ${connection.state === 'connecting' ? 'bg-yellow-50 text-yellow-900 dark:bg-yellow-950/50 dark:text-yellow-200' : 'bg-red-50 text-red-900 dark:bg-red-950/50 dark:text-red-200'}`}
          data-testid="connection-problem"
        >
          <span className="flex-1">
            <WithCode text={problem} />
          </span>
          {canRetry && (
            <button type="button" onClick={retryConnection} className="rounded-md border border-current px-2 py-0.5 text-xs">
              Retry
            </button>
          )}
        </div>
      )}
      {fallback && (
        <div className="bg-amber-50 px-4 py-1.5 text-xs text-amber-900 dark:bg-amber-950/40 dark:text-amber-200" data-testid="fallback-banner">
          {fallback}
        </div>
      )}
      {notice && (
        <div className="flex items-center gap-3 bg-red-50 px-4 py-2 text-sm text-red-900 dark:bg-red-950/50 dark:text-red-200" role="alert" data-testid="notice">
          <span className="flex-1">
            {notice.message} {notice.hint}
          </span>
          <button type="button" onClick={dismissNotice} className="text-xs underline">
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
