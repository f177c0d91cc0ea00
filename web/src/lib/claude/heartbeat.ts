// Dead-connection detection, as a pure decision. A pong deadline that passes means a
// dead connection — unless the timer itself fired late: background tabs run timers
// as rarely as once a minute, and a timer that ran late proves nothing about the
// socket. Then we ask again (a fresh ping, a fresh deadline) instead of reconnecting.

export interface HeartbeatOptions {
  intervalMs: number; // time between pings (default 15 s; the server may announce its own)
  pongTimeoutMs: number; // how long a pong may take (default 10 s)
  wakeTimeoutMs: number; // deadline for the check made when a tab wakes up (default 5 s)
  lateToleranceMs: number; // a timer this much past due counts as throttled (default 2 s)
}

export const defaultHeartbeat: HeartbeatOptions = {
  intervalMs: 15000,
  pongTimeoutMs: 10000,
  wakeTimeoutMs: 5000,
  lateToleranceMs: 2000,
};

export type DeadlineVerdict = 'alive' | 'recheck' | 'dead';

/**
 * The pong deadline fired at `now`; it was due at `due`. `lastReceivedAt` is when any
 * frame last arrived, `pingSentAt` when the unanswered ping went out.
 */
export function judgeDeadline(now: number, due: number, pingSentAt: number, lastReceivedAt: number, options: HeartbeatOptions): DeadlineVerdict {
  if (lastReceivedAt > pingSentAt) return 'alive'; // traffic after the ping: the peer is there
  if (now - due > options.lateToleranceMs) return 'recheck';
  return 'dead';
}
