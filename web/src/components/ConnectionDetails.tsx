// "Connection details": everything about the link in one dialog, for the person whose
// proxy eats WebSockets (or whose laptop sleeps, or whose server restarts) and whoever
// helps them. The transport and where it goes (never the token), the WebSocket setting,
// the latency over time, what was received, the last problem with what to do, the
// history of states, closes and retries, and "Copy diagnostics" for all of it as text.
import type { ReactNode } from 'react';
import { setDebugLog, setUseWebSocket, useClaudeStore } from '../lib/store/claude-store';
import { retryConnection } from '../lib/store/claude-actions';
import { formatBytes } from '../lib/claude/diagnostics-format';
import { ConnectionHistory } from './ConnectionHistory';
import { CopyDiagnostics } from './CopyDiagnostics';
import { LatencySparkline } from './LatencySparkline';
import { Modal } from './Modal';
import { Switch } from './Switch';
import { WithCode } from './WithCode';
import { statusLabel } from './connection-text';
import { useNow } from './use-now';

const transportNames = { websocket: 'WebSocket', http: 'HTTP (SSE stream + POST)' } as const;

const fallbackWhy = {
  upgrade_refused: 'WebSocket upgrades are refused on this network; Tether tries the WebSocket again every 30 s.',
  retries_exhausted: 'The WebSocket failed on every retry; Tether tries it again every 30 s.',
  chosen: '“Use WebSocket” is off.',
} as const;

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-zinc-500 dark:text-zinc-400">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{title}</h3>
      {children}
    </section>
  );
}

export function ConnectionDetails({ onClose }: { onClose: () => void }) {
  const connection = useClaudeStore((s) => s.connection);
  const diagnostics = useClaudeStore((s) => s.diagnostics);
  const useWebSocket = useClaudeStore((s) => s.useWebSocket);
  const debugLog = useClaudeStore((s) => s.debugLog);
  const now = useNow(connection.nextRetryAt !== null);
  const waiting = connection.nextRetryAt !== null;
  const canRetry = waiting || connection.state === 'disconnected' || connection.state === 'error';
  const problem = diagnostics.problem;

  return (
    // The title and the buttons stay in view; what is between them scrolls.
    <Modal label="Connection details" onClose={onClose} className="flex w-full max-w-xl flex-col">
      <div className="flex shrink-0 items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h2 className="font-semibold">Connection details</h2>
        <button type="button" onClick={onClose} aria-label="Close" className="rounded-md px-2 py-0.5 text-lg leading-none text-zinc-500 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800">
          ×
        </button>
      </div>

      <div className="min-h-0 flex-1 space-y-5 overflow-y-auto px-4 py-4 text-sm" data-testid="connection-details-body">
        <Section title="Now">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <Row term="Status">{statusLabel(connection, now)}</Row>
            <Row term="Transport">
              {diagnostics.transport ? transportNames[diagnostics.transport] : '—'}
              {connection.fallbackReason && <span className="block text-xs text-zinc-500 dark:text-zinc-400">{fallbackWhy[connection.fallbackReason]}</span>}
            </Row>
            <Row term="Address">
              <span className="font-mono text-xs break-all">{diagnostics.url || '—'}</span>
            </Row>
            <Row term="Reconnects">
              {connection.reconnectAttempts}/{connection.maxReconnectAttempts} attempts
              {waiting && connection.nextRetryAt !== null && `, next in ${Math.max(0, Math.ceil((connection.nextRetryAt - now) / 1000))} s`}
            </Row>
            <Row term="Received">
              {formatBytes(diagnostics.bytesReceived)} in {diagnostics.envelopesReceived} events
              {diagnostics.framesDropped > 0 && `, ${diagnostics.framesDropped} broken frames dropped`}
            </Row>
            {diagnostics.connectionId && (
              <Row term="Connection">
                <span className="font-mono text-xs">{diagnostics.connectionId}</span>
                {diagnostics.serverVersion && <span className="text-zinc-500 dark:text-zinc-400"> · server {diagnostics.serverVersion}</span>}
              </Row>
            )}
          </dl>
        </Section>

        {problem && (
          <Section title="Last problem">
            <div className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 dark:border-amber-800 dark:bg-amber-950/40" data-testid="last-problem">
              <p className="font-medium">{problem.title}</p>
              <p className="mt-1 text-zinc-700 dark:text-zinc-300">{problem.detail}</p>
              <p className="mt-1">
                <span className="font-medium">What to do: </span>
                <WithCode text={problem.action} />
              </p>
            </div>
          </Section>
        )}

        <Section title="Latency">
          <LatencySparkline samples={diagnostics.latency} />
        </Section>

        <Section title="Settings">
          <Switch
            label="Use WebSocket"
            description="Off: plain HTTP only (an event stream and POSTs), for a network whose proxy breaks WebSockets. Switching keeps every message."
            checked={useWebSocket}
            onChange={setUseWebSocket}
          />
          <Switch
            label="Log to the browser console"
            description="Mirrors this history to console.debug (also for one visit with ?debug=1 in the address)."
            checked={debugLog}
            onChange={setDebugLog}
          />
        </Section>

        <Section title="History">
          <ConnectionHistory log={diagnostics.log} dropped={diagnostics.logDropped} />
        </Section>
      </div>

      <div className="flex shrink-0 flex-wrap items-start gap-3 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <CopyDiagnostics />
        {canRetry && (
          <button type="button" onClick={retryConnection} className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800">
            {waiting ? 'Retry now' : 'Retry'}
          </button>
        )}
      </div>
    </Modal>
  );
}
