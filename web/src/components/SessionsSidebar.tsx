// The sidebar: the conversations grouped by project (Tether sessions and Claude Code
// transcripts), "New", and at its foot the settings of this browser. On a phone it is a
// drawer: closed, it is hidden (out of the Tab order too); opened, focus moves into it,
// and Escape closes it and gives focus back.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useClaudeStore } from '../lib/store/claude-store';
import { groupSidebar } from '../lib/sidebar-groups';
import { NotificationSetting } from './NotificationSetting';
import { ProjectGroup } from './ProjectGroup';
import { ThemeSetting } from './ThemeSetting';
import { useNow } from './use-now';

interface Props {
  open: boolean;
  onClose: () => void;
  /** Opens the new-session dialog, in this project when given. */
  onNew: (cwd?: string) => void;
}

const MINUTE = 60_000;

/** The drawer's id, for the header button that opens it (aria-controls). */
export const SESSIONS_DRAWER_ID = 'sessions-drawer';

export function SessionsSidebar({ open, onClose, onNew }: Props) {
  const sessions = useClaudeStore((s) => s.sessions);
  const transcripts = useClaudeStore((s) => s.transcripts);
  const projects = useClaudeStore((s) => s.projects);
  const current = useClaudeStore((s) => s.currentSessionId);
  const now = useNow(true, MINUTE);
  const [collapsed, setCollapsed] = useState<Record<string, boolean>>({});
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    const drawer = nav.current;
    if (!open || !drawer) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    drawer.querySelector<HTMLElement>('button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      // Back to the ☰ button, unless focus has gone elsewhere meanwhile (a dialog).
      const focused = document.activeElement;
      if (opener?.isConnected && (focused === document.body || drawer.contains(focused))) opener.focus();
    };
  }, [open, onClose]);
  const groups = useMemo(
    () => groupSidebar({ projects: projects?.projects ?? [], sessions, transcripts, home: projects?.home ?? null }),
    [projects, sessions, transcripts],
  );
  return (
    <>
      {open && <div className="fixed inset-0 z-10 bg-black/30 md:hidden" onClick={onClose} aria-hidden="true" />}
      <nav
        ref={nav}
        id={SESSIONS_DRAWER_ID}
        aria-label="Sessions"
        // Closed on a phone: invisible once it has slid out (closing, visibility waits for the
        // slide; opening, it is visible at once, so that focus can move in).
        className={`fixed inset-y-0 left-0 z-20 flex w-72 max-w-[85vw] flex-col border-r border-zinc-200 bg-zinc-50 md:visible md:static md:translate-x-0 dark:border-zinc-800 dark:bg-zinc-950 ${open ? 'translate-x-0 transition-[translate]' : 'invisible -translate-x-full transition-[translate,visibility]'}`}
      >
        <div className="flex items-center justify-between px-3 py-2.5">
          <span className="font-semibold tracking-tight">Tether</span>
          <button
            type="button"
            onClick={() => {
              onNew();
              onClose();
            }}
            className="rounded-md border border-zinc-300 px-2 py-0.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"
          >
            New
          </button>
        </div>
        <div className="flex-1 space-y-2 overflow-y-auto px-2 pb-3">
          {groups.map((group) => (
            <ProjectGroup
              key={group.path}
              group={group}
              currentSessionId={current}
              now={now}
              collapsed={collapsed[group.path] === true}
              onToggle={() => { setCollapsed((c) => ({ ...c, [group.path]: !c[group.path] })); }}
              onNewHere={() => {
                onNew(group.path);
                onClose();
              }}
              onPicked={onClose}
            />
          ))}
        </div>
        <section aria-label="Settings" className="border-t border-zinc-200 px-3 py-2.5 dark:border-zinc-800">
          <h2 className="mb-1.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Settings</h2>
          <div className="space-y-2">
            <ThemeSetting />
            <NotificationSetting />
          </div>
        </section>
      </nav>
    </>
  );
}
