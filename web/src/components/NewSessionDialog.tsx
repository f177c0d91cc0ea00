// "New": where the session works (a known project, or a folder found with Browse…), an
// optional title, the model and the permission mode. Create accepts the defaults as they
// are: the last project used, the server's model and mode.
import { useEffect, useMemo, useState } from 'react';
import type { NewSessionRequest } from '../types/websocket';
import { ApiError } from '../lib/api/request';
import { defaultProject } from '../lib/default-project';
import { lastProject } from '../lib/preferences';
import { modelChoices, permissionModeChoices } from '../lib/session-options';
import { createSession } from '../lib/store/claude-actions';
import { useClaudeStore } from '../lib/store/claude-store';
import { ensureCapabilities } from '../lib/store/workspace-actions';
import { shortenPath } from '../lib/paths';
import { FolderPicker } from './FolderPicker';
import { Modal } from './Modal';

interface Props {
  /** The project to preselect (e.g. from a group's + button). */
  initialCwd?: string;
  onClose: () => void;
}

const field = 'w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950';

export function NewSessionDialog({ initialCwd, onClose }: Props) {
  const projects = useClaudeStore((s) => s.projects);
  const known = useMemo(() => (projects?.projects ?? []).filter((p) => p.exists), [projects]);
  const [cwd, setCwd] = useState<string | undefined>(initialCwd);
  const [browsing, setBrowsing] = useState(false);
  const [title, setTitle] = useState('');
  const [model, setModel] = useState('');
  const [mode, setMode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; hint: string } | null>(null);
  // Until the user picks, the default follows the projects (they may arrive after the dialog opened).
  const chosen = cwd ?? defaultProject(projects, lastProject());
  const capabilities = useClaudeStore((s) => {
    const entry = chosen ? s.capabilities[chosen] : undefined;
    return entry?.status === 'ready' ? entry.value : undefined;
  });
  useEffect(() => {
    if (chosen) void ensureCapabilities(chosen);
  }, [chosen]);

  const home = projects?.home ?? null;
  // A folder chosen with Browse… that is not a project yet is listed too, chosen.
  const options = known.map((p) => ({ path: p.path, name: p.name, displayPath: p.displayPath }));
  if (chosen && !options.some((o) => o.path === chosen)) options.unshift({ path: chosen, name: chosen.slice(chosen.lastIndexOf('/') + 1) || chosen, displayPath: shortenPath(chosen, home) });

  const create = async () => {
    const request: NewSessionRequest = {};
    if (chosen) request.cwd = chosen;
    if (title.trim()) request.title = title.trim();
    if (model) request.model = model;
    if (mode) request.permissionMode = mode;
    setBusy(true);
    setError(null);
    try {
      await createSession(request);
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? { message: e.message, hint: e.hint } : { message: String(e), hint: '' });
      setBusy(false);
    }
  };

  return (
    <Modal label="New session" onClose={onClose} className="w-full max-w-lg">
      <form
        className="space-y-3 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <h2 className="text-base font-semibold">New session</h2>
        {/* min-w-0: a fieldset is as wide as its content by default, which a long path overflows. */}
        <fieldset className="min-w-0">
          <legend className="mb-1 text-sm font-medium">Project</legend>
          {browsing ? (
            <FolderPicker
              start={chosen}
              onChoose={(path) => {
                setCwd(path);
                setBrowsing(false);
              }}
              onCancel={() => { setBrowsing(false); }}
            />
          ) : (
            <>
              <div className="max-h-48 space-y-0.5 overflow-y-auto rounded-lg border border-zinc-200 p-1 dark:border-zinc-700" role="radiogroup" aria-label="Project">
                {options.map((option) => (
                  <label
                    key={option.path}
                    className={`flex cursor-pointer items-center gap-2 rounded-md px-2 py-1 text-sm ${option.path === chosen ? 'bg-blue-50 dark:bg-blue-950/40' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800'}`}
                    title={option.path}
                  >
                    <input type="radio" name="project" value={option.path} checked={option.path === chosen} onChange={() => { setCwd(option.path); }} aria-label={`${option.name} ${option.displayPath}`} />
                    <span className="shrink-0 font-medium">{option.name}</span>
                    <span className="min-w-0 flex-1 truncate text-xs text-zinc-500 dark:text-zinc-400">{option.displayPath}</span>
                  </label>
                ))}
                {options.length === 0 && <p className="px-2 py-1 text-sm text-zinc-500">The folder `tether serve` works in.</p>}
              </div>
              <button type="button" onClick={() => { setBrowsing(true); }} className="mt-1 text-sm text-blue-700 hover:underline dark:text-blue-400">
                Browse…
              </button>
            </>
          )}
        </fieldset>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Title (optional)</span>
          <input value={title} onChange={(e) => { setTitle(e.target.value); }} className={field} placeholder="What is it about?" />
        </label>
        <div className="grid grid-cols-2 gap-3">
          <label className="block text-sm">
            <span className="mb-1 block font-medium">Model</span>
            <select value={model} onChange={(e) => { setModel(e.target.value); }} className={field}>
              {modelChoices(capabilities).map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm">
            <span className="mb-1 block font-medium">Permission mode</span>
            <select value={mode} onChange={(e) => { setMode(e.target.value); }} className={field}>
              <option value="">Server default</option>
              {permissionModeChoices(capabilities).map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        {error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950/50 dark:text-red-200" data-testid="new-session-error">
            {error.message} {error.hint}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className="rounded-md px-3 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
            Cancel
          </button>
          <button type="submit" disabled={busy || browsing} className="rounded-md bg-blue-600 px-3 py-1 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-40">
            {busy ? 'Creating…' : 'Create'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
