// Durations in words short enough for a status line: "850 ms", "4.2 s", "12 s",
// "3 min 5 s", "1 h 12 min".

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** Whole seconds elapsed, as a live counter shows them: "12 s", "3 min 5 s", "1 h 12 min". */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < MINUTE) return `${s} s`;
  if (s < HOUR) return `${Math.floor(s / MINUTE)} min ${s % MINUTE} s`;
  return `${Math.floor(s / HOUR)} h ${Math.floor((s % HOUR) / MINUTE)} min`;
}

/** A measured duration: "850 ms", "4.2 s", "12 s", then as formatElapsed. */
export function formatDuration(ms: number): string {
  const value = Math.max(0, ms);
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 10_000) return `${(Math.round(value / 100) / 10).toFixed(1)} s`;
  return formatElapsed(Math.round(value / 1000));
}
