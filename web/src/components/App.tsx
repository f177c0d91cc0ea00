// The page: the sessions sidebar, and for the session in view its header and chat.
import { useState } from 'react';
import { useClaudeStore } from '../lib/store/claude-store';
import { ChatHeader } from './ChatHeader';
import { ChatInterface } from './ChatInterface';
import { ConnectionBanner } from './ConnectionBanner';
import { SessionsSidebar } from './SessionsSidebar';

export function App() {
  const sessionId = useClaudeStore((s) => s.currentSessionId);
  const sessionsStatus = useClaudeStore((s) => s.sessionsStatus);
  const [menu, setMenu] = useState(false);
  return (
    <div className="flex h-dvh overflow-hidden">
      <SessionsSidebar open={menu} onClose={() => setMenu(false)} />
      <main className="flex min-w-0 flex-1 flex-col">
        <ChatHeader sessionId={sessionId} onMenu={() => setMenu(true)} />
        <ConnectionBanner />
        {sessionId ? (
          <ChatInterface key={sessionId} sessionId={sessionId} />
        ) : (
          <div className="flex flex-1 items-center justify-center text-sm text-zinc-500">
            {sessionsStatus === 'error' ? 'The sessions could not be loaded; they will be as soon as the connection is back.' : 'Loading sessions…'}
          </div>
        )}
      </main>
    </div>
  );
}
