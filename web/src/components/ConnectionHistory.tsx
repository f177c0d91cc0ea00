// The connection log as a list, newest first: each entry's time, what kind of thing it
// was (a state change, a close with its code, a retry with its delay, a server error…)
// and what happened.
import type { LogEntry, LogKind } from '../lib/claude/connection-log';
import { clockTime } from '../lib/claude/diagnostics-format';

const kindStyle: Record<LogKind, string> = {
  state: 'bg-blue-100 text-blue-800 dark:bg-blue-950 dark:text-blue-300',
  close: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  error: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  frame: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  heartbeat: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  fallback: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  retry: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  wake: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  setting: 'bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300',
};

export function ConnectionHistory({ log, dropped }: { log: LogEntry[]; dropped: number }) {
  if (log.length === 0) return <p className="text-zinc-500 dark:text-zinc-400">Nothing yet.</p>;
  const newestFirst = [...log].reverse();
  return (
    <>
      <ol className="rounded-md border border-zinc-200 text-xs dark:border-zinc-800" aria-label="Connection history, newest first">
        {newestFirst.map((entry, i) => (
          // The entry's place in everything ever logged: stable as entries come and go.
          <li key={dropped + log.length - 1 - i} className="flex gap-2 border-b border-zinc-100 px-2 py-1 last:border-b-0 dark:border-zinc-800/70">
            <time dateTime={new Date(entry.at).toISOString()} className="shrink-0 font-mono text-zinc-500 tabular-nums dark:text-zinc-400">
              {clockTime(entry.at)}
            </time>
            <span className={`h-fit shrink-0 rounded px-1 ${kindStyle[entry.kind]}`}>{entry.kind}</span>
            <span className="min-w-0 break-words">{entry.text}</span>
          </li>
        ))}
      </ol>
      {dropped > 0 && <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{dropped} older entries are no longer kept.</p>}
    </>
  );
}
