// The activity line under the running turn: what Claude Code does now and for how long
// ("Running `npm test`… 12 s", "Waiting for your permission: Bash"), one line, in one
// place, from Send to the end of the turn. The counter ticks each second; it is hidden
// from screen readers, which hear the line when what it says changes, not every second.
import { useClaudeStore } from '../lib/store/claude-store';
import { describeActivity, type ActivityKind } from '../lib/activity-text';
import { formatElapsed } from '../lib/durations';
import { turnUnderWay } from '../lib/turn-activity';
import { CodeWords } from './CodeWords';
import { useNow } from './use-now';

const SECOND = 1000;

// A cue per kind: a pulse while something streams (thinking, writing), a spinner while
// something runs, a still dot while the turn waits on someone.
const cues: Record<ActivityKind, string> = {
  permission: 'bg-amber-500',
  slot: 'bg-zinc-400',
  retry: 'bg-orange-500 motion-safe:animate-pulse',
  tool: 'border-2 border-blue-500 border-t-transparent bg-transparent motion-safe:animate-spin',
  thinking: 'bg-violet-500 motion-safe:animate-ping',
  'tool-input': 'bg-blue-500 motion-safe:animate-pulse',
  writing: 'bg-green-500 motion-safe:animate-pulse',
  working: 'border-2 border-zinc-400 border-t-transparent bg-transparent motion-safe:animate-spin',
  starting: 'border-2 border-zinc-400 border-t-transparent bg-transparent motion-safe:animate-spin',
};

const tones: Partial<Record<ActivityKind, string>> = {
  permission: 'text-amber-800 dark:text-amber-300',
  retry: 'text-orange-800 dark:text-orange-300',
};

export function TurnActivityLine({ sessionId }: { sessionId: string }) {
  const activity = useClaudeStore((s) => s.activities[sessionId]);
  const backend = useClaudeStore((s) => s.views[sessionId]?.backend ?? null);
  const now = useNow(activity !== undefined && turnUnderWay(activity), SECOND);
  const line = activity ? describeActivity(activity, now, backend) : null;
  if (!line) return null;
  return (
    <div className="px-3 py-1.5" data-testid="turn-activity" data-kind={line.kind}>
      <div
        role="status"
        aria-label="Claude Code activity"
        className={`mx-auto flex max-w-3xl items-center gap-2 px-4 text-sm text-zinc-600 dark:text-zinc-300 ${tones[line.kind] ?? ''}`}
      >
        <span className="relative flex h-3 w-3 shrink-0 items-center justify-center" aria-hidden="true">
          <span className={`h-2.5 w-2.5 rounded-full ${cues[line.kind]}`} />
        </span>
        <span className="min-w-0 truncate">
          <CodeWords text={line.text} />
        </span>
        {line.seconds !== undefined && (
          <span className="shrink-0 text-zinc-500 tabular-nums dark:text-zinc-400" aria-hidden="true">
            {formatElapsed(line.seconds)}
          </span>
        )}
      </div>
    </div>
  );
}
