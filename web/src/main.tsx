// Entry point: one client for the page, wired to the store and to the browser's
// life-cycle signals; then the session from the URL (or the newest) is opened.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/index.css';
import { App } from './components/App';
import { ClaudeWebSocketClient, sessionOutboxStorage } from './lib/claude/websocket-client';
import { watchBrowserSignals } from './lib/claude/browser-signals';
import { openInitialSession, selectSession, sessionFromUrl, startClaude } from './lib/store/claude-actions';

const client = new ClaudeWebSocketClient({ baseUrl: window.location.origin, outboxStorage: sessionOutboxStorage() });
startClaude(client);
watchBrowserSignals(client);
if (navigator.onLine === false) client.setOnline(false);
client.connect();
void openInitialSession();

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
