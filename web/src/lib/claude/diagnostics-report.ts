// The plain-text report behind "Copy diagnostics": what a person pastes into an issue or
// sends to whoever runs the server when the connection misbehaves (a proxy that eats
// WebSockets, a laptop that sleeps, a server that restarts). Everything in it passes
// through redactSecrets: the token never leaves the page this way.
import type { ConnectionSnapshot } from './connection';
import { formatLogEntry } from './connection-log';
import type { Diagnostics } from './diagnostics';
import { formatBytes, summarizeLatency } from './diagnostics-format';
import { redactSecrets } from './redact';

export interface ReportContext {
  now: number;
  pageUrl: string;
  userAgent: string;
  online: boolean;
}

const transportNames = { websocket: 'WebSocket', http: 'HTTP (SSE + POST)' } as const;

const fallbackNames: Record<NonNullable<ConnectionSnapshot['fallbackReason']>, string> = {
  upgrade_refused: 'WebSocket upgrades are refused on this network',
  retries_exhausted: 'the WebSocket failed on every retry',
  chosen: 'WebSocket turned off in the settings',
};

export function connectionSummary(snapshot: ConnectionSnapshot): string {
  const on = snapshot.transport ? ` (${transportNames[snapshot.transport]})` : '';
  const failure = snapshot.failure ? `, ${snapshot.failure}` : '';
  return `${snapshot.state}${on}${failure}`;
}

export function diagnosticsReport(diagnostics: Diagnostics, snapshot: ConnectionSnapshot, context: ReportContext): string {
  const latency = summarizeLatency(diagnostics.latency);
  const lines = [
    'Tether connection diagnostics',
    `Generated: ${new Date(context.now).toISOString()}`,
    `Page: ${context.pageUrl}`,
    `Browser: ${context.userAgent}`,
    `Browser online: ${context.online ? 'yes' : 'no'}`,
    '',
    `State: ${connectionSummary(snapshot)}`,
    `Transport: ${diagnostics.transport ? transportNames[diagnostics.transport] : 'none yet'}`,
    `URL: ${diagnostics.url || '-'}`,
    `WebSocket setting: ${diagnostics.webSocketEnabled ? 'on (HTTP as the fallback)' : 'off (HTTP only)'}`,
    `HTTP fallback: ${snapshot.fallbackReason ? fallbackNames[snapshot.fallbackReason] : 'not in use'}`,
    `Reconnect attempts: ${snapshot.reconnectAttempts}/${snapshot.maxReconnectAttempts}`,
    `Next retry: ${snapshot.nextRetryAt === null ? '-' : `in ${Math.max(0, Math.ceil((snapshot.nextRetryAt - context.now) / 1000))} s`}`,
    `Connection id: ${diagnostics.connectionId ?? '-'}`,
    `Server version: ${diagnostics.serverVersion ?? '-'}`,
    `Latency: ${latency ? `last ${latency.last} ms, min ${latency.min}, median ${latency.median}, max ${latency.max} (${latency.count} samples)` : 'not measured yet'}`,
    `Received: ${formatBytes(diagnostics.bytesReceived)} in ${diagnostics.envelopesReceived} envelopes; ${diagnostics.framesDropped} broken frames dropped`,
    '',
  ];
  const problem = diagnostics.problem;
  if (problem) {
    lines.push(`Last problem (${new Date(problem.at).toISOString()}): ${problem.title}`, `  What happened: ${problem.detail}`, `  What to do: ${problem.action}`, '');
  } else {
    lines.push('Last problem: none', '');
  }
  const cut = diagnostics.logDropped > 0 ? `; ${diagnostics.logDropped} earlier entries dropped` : '';
  lines.push(`Log (oldest first, ${diagnostics.log.length} entries${cut}):`);
  for (const entry of diagnostics.log) lines.push(formatLogEntry(entry));
  return redactSecrets(lines.join('\n')) + '\n';
}
