// One Tether session in the sidebar: open, rename, delete. A session opened from a
// Claude Code transcript keeps the terminal mark; one whose permission prompt waits is
// marked amber (live when joined, else as of the list's last load).
import { useState } from 'react';
import { SessionOrigin, type Session } from '../types/websocket';
import { deleteSession, renameSession, selectSession } from '../lib/store/claude-actions';
import { useClaudeStore } from '../lib/store/claude-store';
import { relativeTime } from '../lib/relative-time';
import { promptsWaiting } from '../lib/prompts-waiting';
import { TerminalBadge } from './TerminalBadge';
import { WaitingMarker } from './WaitingMarker';

interface Props {
  session: Session;
  current: boolean;
  now: number;
  onPicked: () => void;
}

export function SessionRow({ session, current, now, onPicked }: Props) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(session.title);
  // The live status of a joined session; the list's is as old as its last load.
  const status = useClaudeStore((s) => s.views[session.id]?.status ?? session.status);
  const waiting = useClaudeStore((s) => promptsWaiting(session, s.views[session.id]));
  if (editing) {
    return (
      <form
        className="px-2 py-1"
        onSubmit={(e) => {
          e.preventDefault();
          setEditing(false);
          if (title.trim() && title !== session.title) void renameSession(session.id, title.trim());
        }}
      >
        <input
          // eslint-disable-next-line jsx-a11y/no-autofocus -- the field the user just asked for (Rename) takes focus; nothing moves on page load
          autoFocus
          value={title}
          onChange={(e) => { setTitle(e.target.value); }}
          onBlur={() => { setEditing(false); }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setEditing(false);
          }}
          aria-label="Session title"
          className="w-full rounded border border-zinc-300 bg-white px-1.5 py-0.5 text-sm dark:border-zinc-600 dark:bg-zinc-900"
        />
      </form>
    );
  }
  const name = session.title || 'Untitled';
  return (
    <div
      data-testid="session-row"
      data-session-id={session.id}
      data-origin={session.origin ?? SessionOrigin.tether}
      data-waiting={waiting > 0 ? 'true' : undefined}
      className={`group flex items-center rounded-md ${current ? 'bg-zinc-200 dark:bg-zinc-800' : 'hover:bg-zinc-100 dark:hover:bg-zinc-900'}`}
    >
      <button
        type="button"
        aria-current={current ? 'page' : undefined}
        onClick={() => {
          if (!current) selectSession(session.id);
          onPicked();
        }}
        className="flex min-w-0 flex-1 flex-col px-2 py-1.5 text-left"
        data-testid="session-item"
      >
        <span className="flex min-w-0 items-center gap-1.5 text-sm">
          {session.origin === SessionOrigin.terminal && <TerminalBadge />}
          <span className="truncate">{name}</span>
        </span>
        <span className="flex min-w-0 items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
          <span className="truncate">
            {relativeTime(session.updatedAt, now)}
            {/* A prompt that waits holds the turn: the mark says more than "running". */}
            {status === 'running' && waiting === 0 && ' · running'}
          </span>
          <WaitingMarker count={waiting} />
        </span>
      </button>
      <button
        type="button"
        onClick={() => {
          setTitle(session.title);
          setEditing(true);
        }}
        className="px-1 text-xs text-zinc-500 opacity-0 group-hover:opacity-100 focus:opacity-100"
        aria-label={`Rename ${session.title || 'session'}`}
      >
        ✎
      </button>
      <button
        type="button"
        onClick={() => {
          if (window.confirm(`Delete "${name}" and its history?`)) void deleteSession(session.id);
        }}
        className="px-1.5 text-xs text-zinc-500 opacity-0 group-hover:opacity-100 focus:opacity-100"
        aria-label={`Delete ${session.title || 'session'}`}
      >
        ✕
      </button>
    </div>
  );
}
