// Latency over the last pings as a small line chart (SVG), with the numbers in words
// beside it: the chart is an image with a text alternative, never the only way to read it.
import type { LatencySample } from '../lib/claude/diagnostics';
import { summarizeLatency } from '../lib/claude/diagnostics-format';
import { polylinePoints, sparklinePoints } from '../lib/sparkline';

const width = 160;
const height = 36;

export function LatencySparkline({ samples }: { samples: LatencySample[] }) {
  const summary = summarizeLatency(samples);
  if (!summary) return <p className="text-zinc-500 dark:text-zinc-400">Not measured yet (the first ping goes out when the connection opens).</p>;
  const points = sparklinePoints(
    samples.map((s) => s.ms),
    width,
    height,
  );
  const last = points.at(-1);
  const words = `last ${summary.last} ms, min ${summary.min}, median ${summary.median}, max ${summary.max} (${summary.count} pings)`;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
      <svg
        role="img"
        aria-label={`Latency over the last ${summary.count} pings: ${words}`}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        className="shrink-0 rounded bg-zinc-50 text-blue-600 dark:bg-zinc-800/60 dark:text-blue-400"
      >
        <line x1="0" x2={width} y1={height - 2} y2={height - 2} className="stroke-zinc-200 dark:stroke-zinc-700" strokeWidth="1" />
        <polyline points={polylinePoints(points)} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
        {last && <circle cx={last.x} cy={last.y} r="2.5" fill="currentColor" />}
      </svg>
      <p className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="latency-summary">
        {words}
      </p>
    </div>
  );
}
