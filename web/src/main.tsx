// Entry point: one client for the page, wired to the store (with its connection settings
// and diagnostics) and to the browser's life-cycle signals; then the session from the URL
// (or the newest) is opened, and the sessions list is kept fresh while the page is in
// sight, and waiting permission prompts are shown outside the page (tab title,
// notifications).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/index.css';
import { App } from './components/App';
import { ClaudeWebSocketClient, sessionOutboxStorage } from './lib/claude/websocket-client';
import { watchBrowserSignals } from './lib/claude/browser-signals';
import { debugRequested } from './lib/claude/debug-flag';
import { startDiagnostics } from './lib/store/diagnostics-actions';
import { openInitialSession, refreshSessionList, selectSession, sessionFromUrl, startClaude } from './lib/store/claude-actions';
import { useClaudeStore } from './lib/store/claude-store';
import { watchPromptAlerts } from './lib/store/prompt-alerts';
import { whileVisible } from './lib/while-visible';
import { rememberedTheme } from './lib/preferences';
import { followTheme } from './lib/theme';

/** How often a visible page reloads the sessions list (a prompt waiting elsewhere shows). */
const SESSION_LIST_REFRESH_MS = 15_000;

// The theme the boot script applied, kept right as the system's preference changes.
followTheme(rememberedTheme);

const client = new ClaudeWebSocketClient({ baseUrl: window.location.origin, outboxStorage: sessionOutboxStorage() });
startClaude(client);
startDiagnostics(client, { forceDebugLog: debugRequested(window.location.search) });
watchBrowserSignals(client);
if (!navigator.onLine) client.setOnline(false);
client.connect();
void openInitialSession();
whileVisible(() => void refreshSessionList(), SESSION_LIST_REFRESH_MS);
// A waiting permission prompt shows in the tab title, and (opted in) as a notification.
watchPromptAlerts({
  open: (sessionId) => {
    window.focus();
    if (useClaudeStore.getState().currentSessionId !== sessionId) selectSession(sessionId);
  },
});

// Back/forward: show the session the URL names.
window.addEventListener('popstate', () => {
  const id = sessionFromUrl();
  if (id) selectSession(id, 'none');
});

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
