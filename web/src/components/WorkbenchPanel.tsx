// The workbench beside the chat: the session's project as Files (a tree and a viewer)
// and Changes (git status and diffs). On a desktop a column right of the conversation,
// which stays usable; on a phone (< 768 px) a full-height sheet over the chat, like the
// sessions drawer: focus moves in when it opens, Tab stays inside, Escape or Close shuts
// it and focus goes back to the header's button. Open or closed, and the tab, are
// remembered in this browser.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useClaudeStore } from '../lib/store/claude-store';
import { setWorkbenchOpen, setWorkbenchTab, useWorkbench } from '../lib/store/workbench-store';
import type { WorkbenchTab } from '../lib/preferences';
import { ChangesTab } from './ChangesTab';
import { FilesTab } from './FilesTab';
import { keepTabInside } from './Modal';
import { useMediaQuery } from './workbench-common';

/** The panel's id, for the header button that opens it (aria-controls). */
export const WORKBENCH_ID = 'workbench';
export const WORKBENCH_BUTTON_ID = 'workbench-button';

const tabs: { id: WorkbenchTab; label: string }[] = [
  { id: 'files', label: 'Files' },
  { id: 'changes', label: 'Changes' },
];

export function WorkbenchPanel({ sessionId }: { sessionId: string }) {
  const open = useWorkbench((s) => s.open);
  const tab = useWorkbench((s) => s.tab);
  const cwd = useClaudeStore((s) => s.sessions.find((x) => x.id === sessionId)?.cwd);
  const phone = useMediaQuery('(max-width: 767px)');
  const box = useRef<HTMLElement>(null);

  useEffect(() => {
    const sheet = box.current;
    if (!open || !phone || !sheet) return;
    sheet.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') setWorkbenchOpen(false);
      if (e.key === 'Tab') keepTabInside(sheet, e);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      const focused = document.activeElement;
      if (focused === document.body || focused === null || sheet.contains(focused) || !focused.isConnected) document.getElementById(WORKBENCH_BUTTON_ID)?.focus();
    };
  }, [open, phone]);

  if (!open || !cwd) return null;

  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const next = tab === 'files' ? 'changes' : 'files';
    setWorkbenchTab(next);
    document.getElementById(`workbench-tab-${next}`)?.focus();
  };

  return (
    <aside
      ref={box}
      id={WORKBENCH_ID}
      aria-label="Files and changes"
      role={phone ? 'dialog' : 'complementary'}
      aria-modal={phone ? true : undefined}
      className="fixed inset-0 z-30 flex flex-col bg-white text-zinc-900 md:static md:z-auto md:w-[38vw] md:max-w-[46rem] md:min-w-[17rem] md:shrink-0 md:border-l md:border-zinc-200 dark:bg-zinc-950 dark:text-zinc-100 md:dark:border-zinc-800"
      data-testid="workbench"
    >
      <div className="flex items-center gap-1 border-b border-zinc-200 px-2 py-1.5 dark:border-zinc-800">
        <div role="tablist" aria-label="Workbench" className="flex gap-1">
          {tabs.map(({ id, label }) => (
            <button
              key={id}
              id={`workbench-tab-${id}`}
              type="button"
              role="tab"
              aria-selected={tab === id}
              aria-controls={`workbench-panel-${id}`}
              onClick={() => { setWorkbenchTab(id); }}
              onKeyDown={onTabKey}
              className={`rounded-md px-2.5 py-1 text-sm ${tab === id ? 'bg-zinc-200 font-semibold dark:bg-zinc-800' : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-900'}`}
            >
              {label}
            </button>
          ))}
        </div>
        <button
          type="button"
          onClick={() => { setWorkbenchOpen(false); }}
          className="ml-auto rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-900"
          aria-label="Close files and changes"
        >
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      <div id={`workbench-panel-${tab}`} role="tabpanel" aria-labelledby={`workbench-tab-${tab}`} className="flex min-h-0 flex-1 flex-col">
        {tab === 'files' ? <FilesTab sessionId={sessionId} cwd={cwd} /> : <ChangesTab sessionId={sessionId} />}
      </div>
    </aside>
  );
}
