// Numbers of the connection details in words, shared by the panel and the copied report.
import type { LatencySample } from './diagnostics';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export interface LatencySummary {
  last: number;
  min: number;
  median: number;
  max: number;
  count: number;
}

export function summarizeLatency(samples: LatencySample[]): LatencySummary | null {
  const last = samples.at(-1);
  if (!last) return null;
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    last: last.ms,
    min: sorted[0] ?? 0,
    median: sorted[Math.floor((sorted.length - 1) / 2)] ?? 0,
    max: sorted.at(-1) ?? 0,
    count: samples.length,
  };
}

/** "14:02:03" in the user's time zone, for the panel's history. */
export function clockTime(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
