// One project in the sidebar: its name, its folder (`~/…`), how many conversations it
// holds, collapsible; then its sessions and terminal transcripts, newest first. Folded,
// it still shows that a prompt of one of its sessions waits.
import type { ProjectGroup as Group } from '../lib/sidebar-groups';
import { useClaudeStore } from '../lib/store/claude-store';
import { promptsWaiting } from '../lib/prompts-waiting';
import { SessionRow } from './SessionRow';
import { TranscriptRow } from './TranscriptRow';
import { WaitingMarker } from './WaitingMarker';

interface Props {
  group: Group;
  currentSessionId: string | null;
  now: number;
  collapsed: boolean;
  onToggle: () => void;
  onNewHere: () => void;
  onPicked: () => void;
}

export function ProjectGroup({ group, currentSessionId, now, collapsed, onToggle, onNewHere, onPicked }: Props) {
  const count = group.rows.length;
  const waiting = useClaudeStore((s) =>
    collapsed ? group.rows.reduce((sum, row) => sum + (row.kind === 'session' ? promptsWaiting(row.session, s.views[row.session.id]) : 0), 0) : 0,
  );
  const listId = `project-${group.path}`;
  return (
    <section data-testid="project-group" data-path={group.path} aria-label={`Project ${group.name}`}>
      <div className="group flex items-center gap-1 rounded-md pr-1 hover:bg-zinc-100 dark:hover:bg-zinc-900">
        <button
          type="button"
          onClick={onToggle}
          aria-expanded={!collapsed}
          aria-controls={listId}
          className="flex min-w-0 flex-1 items-center gap-1.5 px-1.5 py-1 text-left"
          title={group.path}
        >
          <span className={`inline-block w-3 shrink-0 text-[10px] text-zinc-500 transition-transform ${collapsed ? '' : 'rotate-90'}`} aria-hidden="true">
            ▶
          </span>
          <span className="flex min-w-0 flex-1 flex-col">
            <span className="truncate text-sm font-medium">{group.name}</span>
            <span className="truncate text-xs text-zinc-500 dark:text-zinc-400" data-testid="project-path">
              {group.displayPath}
            </span>
          </span>
          <WaitingMarker count={waiting} />
          <span className="shrink-0 rounded-full bg-zinc-200 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" title={`${count} conversation${count === 1 ? '' : 's'}`} data-testid="project-count">
            {count}
          </span>
        </button>
        {group.exists && (
          <button
            type="button"
            onClick={onNewHere}
            className="rounded px-1.5 text-sm text-zinc-500 hover:bg-zinc-200 focus:opacity-100 md:opacity-0 md:group-hover:opacity-100 dark:hover:bg-zinc-800"
            aria-label={`New session in ${group.name}`}
            title={`New session in ${group.displayPath}`}
          >
            +
          </button>
        )}
      </div>
      {!group.exists && (
        <p className="px-6 pb-1 text-xs text-amber-700 dark:text-amber-400" data-testid="folder-missing">
          Folder missing: its sessions can still be read.
        </p>
      )}
      {!collapsed && (
        <div id={listId} className="ml-3 space-y-0.5 border-l border-zinc-200 pl-1.5 dark:border-zinc-800">
          {group.rows.map((row) =>
            row.kind === 'session' ? (
              <SessionRow key={row.key} session={row.session} current={row.session.id === currentSessionId} now={now} onPicked={onPicked} />
            ) : (
              <TranscriptRow key={row.key} transcript={row.transcript} now={now} onPicked={onPicked} />
            ),
          )}
          {count === 0 && <p className="px-2 py-1 text-xs text-zinc-500 dark:text-zinc-400">No conversations yet.</p>}
        </div>
      )}
    </section>
  );
}
