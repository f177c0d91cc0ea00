// The session's totals in the header, quietly: turns, time, tokens in and out, cost,
// over the turns this page holds (a long session opens at its latest turns; older ones
// count once they are loaded, which the title says).
import { useClaudeStore } from '../lib/store/claude-store';
import { formatDuration } from '../lib/durations';
import { cachedSessionStats, formatCost, tokensText } from '../lib/turn-stats';
import type { TimelineItem } from '../lib/store/timeline';

const none: TimelineItem[] = [];

export function SessionTotals({ sessionId }: { sessionId: string }) {
  const items = useClaudeStore((s) => s.views[sessionId]?.items ?? none);
  const partial = useClaudeStore((s) => s.histories[sessionId]?.hasOlder === true);
  const { totals } = cachedSessionStats(items, !partial);
  if (totals.turns === 0) return null;
  const tokens = tokensText(totals.inputTokens, totals.outputTokens);
  const parts = [
    `${totals.turns} ${totals.turns === 1 ? 'turn' : 'turns'}`,
    formatDuration(totals.durationMs),
    tokens?.text,
    totals.costUsd === undefined ? undefined : formatCost(totals.costUsd),
  ].filter((part): part is string => part !== undefined);
  const scope = partial ? 'Over the turns loaded (older ones count once they are)' : 'The whole session';
  return (
    <span role="group" aria-label="Session totals" className="text-zinc-400 tabular-nums dark:text-zinc-500" title={`${scope}${tokens ? `: ${tokens.title}` : ''}`} data-testid="session-totals">
      {parts.join(' · ')}
    </span>
  );
}
