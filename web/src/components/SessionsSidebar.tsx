// The sessions: list, create, switch, rename, delete. On a phone it is a drawer.
import { useState } from 'react';
import { useClaudeStore } from '../lib/store/claude-store';
import { deleteSession, newSession, renameSession, selectSession } from '../lib/store/claude-actions';
import type { SessionInfo } from '../types/websocket';

function Row({ session, current, onPicked }: { session: SessionInfo; current: boolean; onPicked: () => void }) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(session.title);
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
          autoFocus
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          onBlur={() => setEditing(false)}
          onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
          aria-label="Session title"
          className="w-full rounded border border-zinc-300 bg-white px-1.5 py-0.5 text-sm dark:border-zinc-600 dark:bg-zinc-900"
        />
      </form>
    );
  }
  return (
    <div
      data-testid="session-row"
      data-session-id={session.id}
      className={`group flex items-center rounded-md ${current ? 'bg-zinc-200 dark:bg-zinc-800' : 'hover:bg-zinc-100 dark:hover:bg-zinc-900'}`}>
      <button
        type="button"
        aria-current={current ? 'page' : undefined}
        onClick={() => {
          if (!current) selectSession(session.id);
          onPicked();
        }}
        className="min-w-0 flex-1 truncate px-2 py-1.5 text-left text-sm"
        data-testid="session-item"
      >
        {session.title || 'Untitled'}
        {session.status === 'running' && <span className="ml-1 text-xs text-zinc-500">· running</span>}
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
          if (window.confirm(`Delete "${session.title || 'Untitled'}" and its history?`)) void deleteSession(session.id);
        }}
        className="px-1.5 text-xs text-zinc-500 opacity-0 group-hover:opacity-100 focus:opacity-100"
        aria-label={`Delete ${session.title || 'session'}`}
      >
        ✕
      </button>
    </div>
  );
}

export function SessionsSidebar({ open, onClose }: { open: boolean; onClose: () => void }) {
  const sessions = useClaudeStore((s) => s.sessions);
  const current = useClaudeStore((s) => s.currentSessionId);
  return (
    <>
      {open && <div className="fixed inset-0 z-10 bg-black/30 md:hidden" onClick={onClose} aria-hidden="true" />}
      <nav
        aria-label="Sessions"
        className={`fixed inset-y-0 left-0 z-20 flex w-64 flex-col border-r border-zinc-200 bg-zinc-50 transition-transform md:static md:translate-x-0 dark:border-zinc-800 dark:bg-zinc-950 ${open ? 'translate-x-0' : '-translate-x-full'}`}
      >
        <div className="flex items-center justify-between px-3 py-2.5">
          <span className="font-semibold tracking-tight">Tether</span>
          <button
            type="button"
            onClick={() => {
              void newSession();
              onClose();
            }}
            className="rounded-md border border-zinc-300 px-2 py-0.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"
          >
            New
          </button>
        </div>
        <div className="flex-1 space-y-0.5 overflow-y-auto px-2 pb-3">
          {sessions.map((session) => (
            <Row key={session.id} session={session} current={session.id === current} onPicked={onClose} />
          ))}
        </div>
      </nav>
    </>
  );
}
