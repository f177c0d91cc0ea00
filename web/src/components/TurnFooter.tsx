// Under a finished reply, quietly: when it ended, how long the turn took, the tokens it
// read and wrote, and what it cost (docs/protocol.md §6.1, chat_response.detail). The
// turn's cost comes from the session's running totals (lib/turn-stats.ts).
import { memo } from 'react';
import type { AssistantItem } from '../lib/store/timeline';
import { useClaudeStore } from '../lib/store/claude-store';
import { formatDuration } from '../lib/durations';
import { formatCost, readTurnDetail, tokensText, turnCost } from '../lib/turn-stats';
import { MessageTime } from './MessageTime';

export const TurnFooter = memo(function TurnFooter({ item }: { item: AssistantItem }) {
  const cost = useClaudeStore((s) => {
    const id = s.currentSessionId;
    const items = id ? s.views[id]?.items : undefined;
    if (!id || !items || !item.detail) return undefined;
    const history = s.histories[id];
    return turnCost(items, !history?.hasOlder, item);
  });
  const stats = item.detail ? readTurnDetail(item.detail) : {};
  const tokens = tokensText(stats.inputTokens, stats.outputTokens, stats.cachedTokens);
  const parts = [
    item.at && <MessageTime key="at" at={item.at} />,
    stats.durationMs !== undefined && (
      <span key="took" title="How long the turn took">
        {formatDuration(stats.durationMs)}
      </span>
    ),
    tokens && (
      <span key="tokens" title={tokens.title}>
        {tokens.text}
      </span>
    ),
    cost !== undefined && (
      <span key="cost" title="What this turn cost (as Claude Code counts it)">
        {formatCost(cost)}
      </span>
    ),
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <div role="group" aria-label="Turn stats" className="mt-1 text-xs text-zinc-400 tabular-nums dark:text-zinc-500" data-testid="turn-stats">
      {parts.flatMap((part, i) => (i === 0 ? [part] : [' · ', part]))}
    </div>
  );
});
