// The bar above the conversation: the session's title, the connection status, which
// backend answers (and why echo, when it is), the model and permission mode (Claude
// Code only), and the backend's notices such as API retries.
import { useShallow } from 'zustand/react/shallow';
import { Backend, PermissionMode } from '../types/websocket';
import { useClaudeStore } from '../lib/store/claude-store';
import { chooseModel, retryConnection, setPermissionMode } from '../lib/store/claude-actions';
import { apiRetryText, detailString } from '../lib/backend-detail';
import { ConnectionStatus } from './ConnectionStatus';

const models = ['sonnet', 'opus', 'haiku'];
const modeLabels: Record<string, string> = {
  [PermissionMode.default]: 'Ask before acting',
  [PermissionMode.acceptEdits]: 'Accept edits',
  [PermissionMode.plan]: 'Plan only',
  [PermissionMode.bypassPermissions]: 'Bypass permissions',
};

const select = 'rounded-md border border-zinc-300 bg-white px-1.5 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-900';

export function ChatHeader({ sessionId, onMenu }: { sessionId: string | null; onMenu: () => void }) {
  const connection = useClaudeStore((s) => s.connection);
  const title = useClaudeStore((s) => s.sessions.find((x) => x.id === sessionId)?.title ?? '');
  const { backend, backendReason, detail } = useClaudeStore(
    useShallow((s) => {
      const view = sessionId ? s.views[sessionId] : undefined;
      return { backend: view?.backend ?? null, backendReason: view?.backendReason ?? null, detail: view?.detail };
    }),
  );
  const chosenModel = useClaudeStore((s) => (sessionId ? s.models[sessionId] : undefined));
  const model = chosenModel ?? (detail ? detailString(detail, 'selectedModel', 'model') : undefined) ?? '';
  const mode = (detail ? detailString(detail, 'permissionMode', 'permission_mode') : undefined) ?? PermissionMode.default;
  const retry = detail ? apiRetryText(detail) : null;
  const claude = backend === Backend.claudeCode;

  return (
    <header className="border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <button type="button" onClick={onMenu} className="rounded-md px-1.5 text-lg md:hidden" aria-label="Sessions">
          ☰
        </button>
        <h1 className="min-w-0 flex-1 truncate font-semibold">{title || 'Tether'}</h1>
        {claude && sessionId && (
          <>
            <label className="flex items-center gap-1 text-xs text-zinc-500">
              Model
              <select className={select} value={model} onChange={(e) => chooseModel(sessionId, e.target.value)}>
                {!models.includes(model) && <option value={model}>{model || 'default'}</option>}
                {models.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex items-center gap-1 text-xs text-zinc-500">
              Mode
              <select className={select} value={mode} onChange={(e) => setPermissionMode(sessionId, e.target.value)}>
                {Object.entries(modeLabels).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {backend && (
          <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" data-testid="backend" title={backendReason ?? undefined}>
            {backend === Backend.echo ? 'Echo backend' : backend === Backend.claudeCode ? 'Claude Code' : backend}
          </span>
        )}
        <ConnectionStatus snapshot={connection} onRetry={retryConnection} />
      </div>
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
