// The page: the sidebar of projects and conversations, and for the session in view its
// header and chat, and beside it the Files / Changes panel when open; with no session
// chosen, a short welcome. "New" opens the dialog.
import { useCallback, useState } from 'react';
import { useClaudeStore } from '../lib/store/claude-store';
import { ChatHeader } from './ChatHeader';
import { ChatInterface } from './ChatInterface';
import { ConnectionBanner } from './ConnectionBanner';
import { NewSessionDialog } from './NewSessionDialog';
import { SessionsSidebar } from './SessionsSidebar';
import { Welcome } from './Welcome';
import { WorkbenchPanel } from './WorkbenchPanel';

/** The new-session dialog: closed, or open on a project (undefined: the default one). */
type Dialog = { open: false } | { open: true; cwd?: string };

export function App() {
  const sessionId = useClaudeStore((s) => s.currentSessionId);
  const sessionsStatus = useClaudeStore((s) => s.sessionsStatus);
  const [menu, setMenu] = useState(false);
  const closeMenu = useCallback(() => {
    setMenu(false);
  }, []);
  const [dialog, setDialog] = useState<Dialog>({ open: false });
  const openDialog = (cwd?: string) => { setDialog(cwd === undefined ? { open: true } : { open: true, cwd }); };
  return (
    <div className="flex h-dvh overflow-hidden">
      <SessionsSidebar open={menu} onClose={closeMenu} onNew={openDialog} />
      <main className="flex min-w-0 flex-1 flex-col">
        <ChatHeader sessionId={sessionId} menuOpen={menu} onMenu={() => { setMenu(true); }} />
        <ConnectionBanner />
        {sessionId ? (
          <ChatInterface key={sessionId} sessionId={sessionId} />
        ) : sessionsStatus === 'ready' ? (
          <Welcome onNew={() => { openDialog(); }} onBrowse={() => { setMenu(true); }} />
        ) : (
          <div className="flex flex-1 items-center justify-center text-sm text-zinc-500">
            {sessionsStatus === 'error' ? 'The sessions could not be loaded; they will be as soon as the connection is back.' : 'Loading sessions…'}
          </div>
        )}
      </main>
      {sessionId && <WorkbenchPanel key={sessionId} sessionId={sessionId} />}
      {dialog.open && <NewSessionDialog initialCwd={dialog.cwd} onClose={() => { setDialog({ open: false }); }} />}
    </div>
  );
}
