// Reconnect delays: 1, 2, 4, 8, 16 s (the same schedule as libtether), each spread by
// ±20 % jitter so that many tabs reconnecting after a server restart do not arrive in
// one burst, and never above the cap. Pure: the random source is injected.

export interface BackoffOptions {
  baseMs: number; // first delay (default 1 s)
  maxMs: number; // cap (default 16 s), also applied after jitter
  jitter: number; // fraction of the delay to spread over (default 0.2 = ±20 %)
}

export const defaultBackoff: BackoffOptions = { baseMs: 1000, maxMs: 16000, jitter: 0.2 };

/** Delay before retry number `attempt` (1-based); `random` returns [0, 1). */
export function backoffDelay(attempt: number, random: () => number = Math.random, options: BackoffOptions = defaultBackoff): number {
  const nominal = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(options.maxMs, nominal * (1 + options.jitter * (2 * random() - 1))));
}
