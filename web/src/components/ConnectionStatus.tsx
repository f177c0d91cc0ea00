// The connection at a glance: a coloured dot that always has a text label next to it
// (colour is never the only signal), the latency when connected, the retry countdown,
// a Retry button when disconnected or in error, and a mark when on the HTTP fallback.
// The label sits in an aria-live region, so screen readers hear the changes.
import type { ConnectionSnapshot } from '../lib/claude/connection';
import { statusLabel } from './connection-text';
import { useNow } from './use-now';

const dotColour: Record<ConnectionSnapshot['state'], string> = {
  connected: 'bg-green-500',
  connecting: 'bg-yellow-400',
  disconnected: 'bg-red-500',
  error: 'bg-zinc-400',
};

interface Props {
  snapshot: ConnectionSnapshot;
  onRetry: () => void;
}

export function ConnectionStatus({ snapshot, onRetry }: Props) {
  const now = useNow(snapshot.nextRetryAt !== null);
  const label = statusLabel(snapshot, now);
  const canRetry = snapshot.state === 'disconnected' || snapshot.state === 'error';
  return (
    <div className="flex items-center gap-2 text-sm" data-testid="connection-status" data-state={snapshot.state} data-transport={snapshot.transport ?? ''}>
      <span className={`inline-block h-2.5 w-2.5 shrink-0 rounded-full ${dotColour[snapshot.state]}`} aria-hidden="true" />
      <span role="status" aria-live="polite" className="whitespace-nowrap" data-testid="connection-label">
        {label}
      </span>
      {snapshot.state === 'connected' && snapshot.latencyMs !== null && (
        <span className="text-zinc-500 dark:text-zinc-400" data-testid="connection-latency">
          {snapshot.latencyMs} ms
        </span>
      )}
      {snapshot.state === 'connected' && snapshot.transport === 'http' && (
        <span
          className="rounded border border-amber-500 px-1.5 text-xs text-amber-700 dark:text-amber-300"
          title="The WebSocket is not available; messages go over plain HTTP. Nothing is lost."
          data-testid="fallback-mark"
        >
          HTTP fallback
        </span>
      )}
      {canRetry && (
        <button
          type="button"
          onClick={onRetry}
          className="rounded-md border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800"
        >
          Retry
        </button>
      )}
    </div>
  );
}
