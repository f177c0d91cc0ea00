// The words for each connection state, in one place: the status label, and the
// message that says what happened and what to do next.
import type { ConnectionSnapshot } from '../lib/claude/connection';

export function statusLabel(snapshot: ConnectionSnapshot, now: number): string {
  switch (snapshot.state) {
    case 'connected':
      if (snapshot.transport !== 'http') return 'Connected';
      // HTTP by the user's setting is no fallback: it is what they asked for.
      return snapshot.fallbackReason === 'chosen' ? 'Connected (HTTP)' : 'Connected (HTTP fallback)';
    case 'connecting': {
      if (!snapshot.isReconnecting) return 'Connecting…';
      const count = `${snapshot.reconnectAttempts}/${snapshot.maxReconnectAttempts}`;
      if (snapshot.nextRetryAt !== null) {
        const seconds = Math.max(0, Math.ceil((snapshot.nextRetryAt - now) / 1000));
        return `Reconnecting ${count} in ${seconds} s`;
      }
      return snapshot.reconnectAttempts > 0 ? `Reconnecting ${count}…` : 'Reconnecting…';
    }
    case 'disconnected':
      return snapshot.failure === 'offline' ? 'Offline' : 'Disconnected';
    case 'error':
      return 'Error';
  }
}

/** What went wrong and what to do; null when there is nothing to say. */
export function problemText(snapshot: ConnectionSnapshot, host: string): string | null {
  if (snapshot.state === 'error' && snapshot.failure === 'unauthorized')
    return 'Session expired or token wrong: open the link printed by `tether serve`.';
  if (snapshot.failure === 'offline') return 'You are offline. Messages you send are kept and go out when the network is back.';
  if (snapshot.state === 'disconnected' && snapshot.failure === 'unreachable')
    return `Can't reach the Tether server at ${host}. Is \`tether serve\` running?`;
  if (snapshot.state === 'connecting' && snapshot.isReconnecting)
    return `Lost the connection to ${host}. Reconnecting by itself; messages you send now are queued.`;
  return null;
}

export function fallbackText(snapshot: ConnectionSnapshot): string | null {
  if (snapshot.state !== 'connected' || snapshot.transport !== 'http' || snapshot.fallbackReason === 'chosen') return null;
  return snapshot.fallbackReason === 'upgrade_refused'
    ? 'WebSocket is blocked on this network; using the HTTP fallback (slower, nothing is lost). Tether tries the WebSocket again in the background.'
    : 'The WebSocket kept failing; using the HTTP fallback. Tether tries the WebSocket again in the background.';
}
