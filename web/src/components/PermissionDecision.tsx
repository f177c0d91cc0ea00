// A closed permission prompt, as it stays in the history: what was decided (allowed,
// denied, cancelled), about which tool call, what an allow also granted (a suggestion
// picked: "Always allow `npm test` in this session"), why when nobody decided (a server
// stop, a timeout), who answered (this tab or another tab/client), and when (relative;
// the exact time on hover). Rebuilt from the replayed events, so it reads the same after a
// reload or on another device.
import { memo } from 'react';
import { PermissionOutcome } from '../types/websocket';
import type { PermissionItem } from '../lib/store/timeline';
import { useClaudeStore } from '../lib/store/claude-store';
import { describeOutcome } from '../lib/permission-outcome';
import { exactTime, relativeTime } from '../lib/relative-time';
import { grantedWith } from '../lib/permission-suggestions';
import { toolGist } from '../lib/tool-gist';
import { CodeWords } from './CodeWords';
import { useNow } from './use-now';

const MINUTE = 60_000;

const marks: Record<PermissionOutcome, { icon: string; tone: string }> = {
  [PermissionOutcome.allow]: { icon: '✓', tone: 'text-green-700 dark:text-green-400' },
  [PermissionOutcome.deny]: { icon: '✗', tone: 'text-red-700 dark:text-red-400' },
  [PermissionOutcome.cancelled]: { icon: '–', tone: 'text-zinc-600 dark:text-zinc-400' },
};

export const PermissionDecision = memo(function PermissionDecision({ item }: { item: PermissionItem }) {
  const ownConnectionIds = useClaudeStore((s) => s.ownConnectionIds);
  const now = useNow(item.resolved?.at !== undefined, MINUTE);
  const resolved = item.resolved;
  if (!resolved) return null;
  const outcome = describeOutcome(resolved, ownConnectionIds);
  const mark = marks[outcome.kind];
  // A question's answer is in the conversation that follows; its input is no gist.
  const gist = item.toolName === 'AskUserQuestion' ? '' : toolGist(item.toolName, item.input);
  const when = relativeTime(resolved.at, now);
  const granted = grantedWith(resolved, item.suggestions);
  const about = [
    outcome.reason && <span key="reason" data-testid="permission-reason">{outcome.reason}</span>,
    outcome.answeredBy && <span key="who" data-testid="permission-answered-by">answered in {outcome.answeredBy}</span>,
    when && (
      <time key="when" dateTime={resolved.at} title={exactTime(resolved.at)}>
        {when}
      </time>
    ),
  ].filter(Boolean);
  return (
    <div
      role="group"
      aria-label={`Permission decision for ${item.toolName}`}
      className="flex flex-wrap items-baseline gap-x-1.5 gap-y-0.5 rounded-md border border-zinc-200 px-2.5 py-1.5 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400"
      data-testid="permission-resolved"
      data-permission-id={item.permissionId}
      data-behavior={resolved.behavior}
    >
      <span className={`font-semibold ${mark.tone}`}>
        <span aria-hidden="true">{mark.icon} </span>
        {outcome.label}
      </span>
      <span className="font-medium text-zinc-800 dark:text-zinc-200">{item.toolName}</span>
      {gist && (
        <code className="max-w-full min-w-0 truncate font-mono" title={gist}>
          {gist}
        </code>
      )}
      {granted && (
        <span className="basis-full text-zinc-700 dark:text-zinc-300" data-testid="permission-granted">
          <CodeWords text={granted} />
        </span>
      )}
      {resolved.message && <span className="basis-full text-zinc-700 dark:text-zinc-300">“{resolved.message}”</span>}
      {about.length > 0 && (
        <span className="basis-full text-zinc-500 dark:text-zinc-400">{about.flatMap((part, i) => (i === 0 ? [part] : [' · ', part]))}</span>
      )}
    </div>
  );
});
