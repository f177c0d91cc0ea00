// The connection at a glance: a coloured dot that always has a text label next to it
// (colour is never the only signal), the latency when connected, the retry countdown
// with "Retry now", a Retry button when disconnected or in error, a mark when on HTTP
// (the fallback, or by the user's setting), and the button that opens the connection
// details. The label sits in an aria-live region, so screen readers hear the changes.
import { useState } from 'react';
import type { ConnectionSnapshot } from '../lib/claude/connection';
import { ConnectionDetails } from './ConnectionDetails';
import { statusLabel } from './connection-text';
import { useNow } from './use-now';

const smallButton = 'rounded-md border border-zinc-300 px-2 py-0.5 text-xs whitespace-nowrap hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800';

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
  const chosenHttp = snapshot.fallbackReason === 'chosen';
  const [detailsOpen, setDetailsOpen] = useState(false);
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
      {snapshot.state === 'connected' && snapshot.transport === 'http' && !chosenHttp && (
        <span
          className="rounded border border-amber-500 px-1.5 text-xs text-amber-700 dark:text-amber-300"
          title="The WebSocket is not available; messages go over plain HTTP. Nothing is lost."
          data-testid="fallback-mark"
        >
          HTTP fallback
        </span>
      )}
      {snapshot.nextRetryAt !== null && (
        <button type="button" onClick={onRetry} className={smallButton}>
          Retry now
        </button>
      )}
      {canRetry && (
        <button type="button" onClick={onRetry} className={smallButton}>
          Retry
        </button>
      )}
      <button
        type="button"
        onClick={() => { setDetailsOpen(true); }}
        aria-haspopup="dialog"
        aria-label="Connection details"
        title="Connection details"
        className="rounded-md px-1.5 py-0.5 text-xs whitespace-nowrap text-zinc-500 underline-offset-2 hover:bg-zinc-100 hover:text-zinc-800 hover:underline dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        Details
      </button>
      {detailsOpen && <ConnectionDetails onClose={() => { setDetailsOpen(false); }} />}
    </div>
  );
}
