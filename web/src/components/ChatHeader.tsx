// The bar above the conversation: the session's title (on a phone, the drawer's button
// beside it marks a prompt waiting in another session), the connection status, which
// backend answers (and why echo, when it is); below, where the session works (`~/…`),
// and for Claude Code its model, its permission mode, and the command that resumes it in
// a terminal, and what the session took so far (turns, time, tokens, cost); then the
// backend's notices such as API retries. "Files & changes" opens the workbench beside the chat.
import { useShallow } from 'zustand/react/shallow';
import { Backend, PermissionMode } from '../types/websocket';
import { useClaudeStore } from '../lib/store/claude-store';
import { chooseModel, retryConnection, setPermissionMode } from '../lib/store/claude-actions';
import { apiRetryText, detailString } from '../lib/backend-detail';
import { modelChoices, permissionModeChoices } from '../lib/session-options';
import { shortenPath } from '../lib/paths';
import { totalPromptsWaiting } from '../lib/prompts-waiting';
import { ConnectionStatus } from './ConnectionStatus';
import { CopyButton } from './CopyButton';
import { SessionTotals } from './SessionTotals';
import { SESSIONS_DRAWER_ID } from './SessionsSidebar';
import { WORKBENCH_BUTTON_ID, WORKBENCH_ID } from './WorkbenchPanel';
import { setWorkbenchOpen, useWorkbench } from '../lib/store/workbench-store';

const select = 'rounded-md border border-zinc-300 bg-white px-1.5 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-900';

export function ChatHeader({ sessionId, menuOpen, onMenu }: { sessionId: string | null; menuOpen: boolean; onMenu: () => void }) {
  const connection = useClaudeStore((s) => s.connection);
  const session = useClaudeStore((s) => s.sessions.find((x) => x.id === sessionId));
  const title = session?.title ?? ''; // none yet, or empty: 'Tether'
  const home = useClaudeStore((s) => s.projects?.home ?? null);
  const waitingElsewhere = useClaudeStore((s) => totalPromptsWaiting(s.sessions, s.views, sessionId));
  const { backend, backendReason, detail } = useClaudeStore(
    useShallow((s) => {
      const view = sessionId ? s.views[sessionId] : undefined;
      return { backend: view?.backend ?? null, backendReason: view?.backendReason ?? null, detail: view?.detail };
    }),
  );
  const capabilities = useClaudeStore((s) => {
    const entry = session ? s.capabilities[session.cwd] : undefined;
    return entry?.status === 'ready' ? entry.value : undefined;
  });
  const chosenModel = useClaudeStore((s) => (sessionId ? s.models[sessionId] : undefined));
  const model = chosenModel ?? (detail ? detailString(detail, 'selectedModel') : undefined) ?? session?.model ?? '';
  // The mode the backend last reported; it also changes from inside (leaving plan mode).
  const mode = (detail ? detailString(detail, 'permissionMode', 'permission_mode') : undefined) ?? session?.permissionMode ?? PermissionMode.default;
  const retry = detail ? apiRetryText(detail) : null;
  const shownBackend = backend ?? session?.backend ?? null;
  const claude = shownBackend === Backend.claudeCode;
  const workbenchOpen = useWorkbench((s) => s.open);

  return (
    <header className="border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <button
          type="button"
          onClick={onMenu}
          aria-expanded={menuOpen}
          aria-controls={SESSIONS_DRAWER_ID}
          className="relative rounded-md px-1.5 text-lg md:hidden"
          aria-label={waitingElsewhere > 0 ? `Sessions (${waitingElsewhere} waiting for you)` : 'Sessions'}
          data-testid="sessions-menu"
        >
          ☰
          {/* The drawer is closed on a phone: a prompt waiting in another session shows here. */}
          {waitingElsewhere > 0 && <span className="absolute top-0.5 right-0 h-2 w-2 rounded-full bg-amber-500 ring-2 ring-white dark:ring-zinc-950" aria-hidden="true" />}
        </button>
        {/* At least a few words of the title: on a phone the status wraps to the next line instead. */}
        <h1 className="min-w-[9rem] flex-1 truncate font-semibold">{title || 'Tether'}</h1>
        {backend && (
          <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" data-testid="backend" title={backendReason ?? undefined}>
            {backend === Backend.echo ? 'Echo backend' : backend === Backend.claudeCode ? 'Claude Code' : backend}
          </span>
        )}
        <ConnectionStatus snapshot={connection} onRetry={retryConnection} />
        {session && (
          <button
            type="button"
            id={WORKBENCH_BUTTON_ID}
            onClick={() => { setWorkbenchOpen(!workbenchOpen); }}
            aria-expanded={workbenchOpen}
            aria-controls={WORKBENCH_ID}
            className={`rounded-md border px-2 py-0.5 text-xs ${workbenchOpen ? 'border-zinc-400 bg-zinc-100 dark:border-zinc-600 dark:bg-zinc-800' : 'border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900'}`}
          >
            Files &amp; changes
          </button>
        )}
      </div>
      {session && sessionId && (
        <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400" data-testid="session-meta">
          <span className="min-w-0 truncate font-mono" title={session.cwd} data-testid="session-cwd">
            {shortenPath(session.cwd, home)}
          </span>
          {session.cwdExists === false && (
            <span className="rounded bg-amber-100 px-1.5 text-amber-800 dark:bg-amber-950/60 dark:text-amber-300" data-testid="cwd-missing">
              folder missing
            </span>
          )}
          {claude && (
            <>
              <label className="flex items-center gap-1">
                Model
                <select className={select} value={model} onChange={(e) => { chooseModel(sessionId, e.target.value); }} data-testid="model-select">
                  {modelChoices(capabilities, model).map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex items-center gap-1">
                Mode
                <select
                  className={select}
                  value={mode}
                  onChange={(e) => { setPermissionMode(sessionId, e.target.value); }}
                  aria-label="Permission mode"
                  data-testid="permission-mode"
                  data-mode={mode}
                >
                  {permissionModeChoices(capabilities, mode).map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </label>
            </>
          )}
          {session.resumeCommand && <CopyButton text={session.resumeCommand} label="Resume in terminal" title={session.resumeCommand} />}
          <SessionTotals sessionId={sessionId} />
        </div>
      )}
      {backend === Backend.echo && backendReason && (
        <p className="mt-1 text-xs text-zinc-500" data-testid="backend-reason">
          Replies are echoed: {backendReason}
        </p>
      )}
      {retry && (
        <p className="mt-1 text-xs text-amber-700 dark:text-amber-400" role="status" data-testid="api-retry">
          {retry}
        </p>
      )}
    </header>
  );
}
