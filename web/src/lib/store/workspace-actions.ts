// Loads what surrounds the sessions into the store: the projects, Claude Code's own
// transcripts, and what the CLI offers per project (cached per folder). A server
// without these routes (404) simply has none; other failures keep what was shown.
import * as projectsApi from '../api/projects-api';
import { ApiError } from '../api/request';
import { setCapabilities, setProjects, setTranscripts, useClaudeStore } from './claude-store';

function missingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export async function loadProjects(): Promise<void> {
  try {
    setProjects(await projectsApi.listProjects());
  } catch (error) {
    if (missingRoute(error)) setProjects(null);
  }
}

export async function loadTranscripts(): Promise<void> {
  try {
    setTranscripts((await projectsApi.listTranscripts()).transcripts);
  } catch (error) {
    if (missingRoute(error)) setTranscripts([]);
  }
}

/** Projects and transcripts, on the occasions the sessions list is loaded. */
export async function refreshWorkspace(): Promise<void> {
  await Promise.all([loadProjects(), loadTranscripts()]);
}

/** Asks the CLI what it offers in this folder, once (the server caches it for minutes too). */
export async function ensureCapabilities(cwd: string): Promise<void> {
  const entry = useClaudeStore.getState().capabilities[cwd];
  if (entry && entry.status !== 'error') return;
  setCapabilities(cwd, { status: 'loading' });
  try {
    setCapabilities(cwd, { status: 'ready', value: await projectsApi.getCapabilities(cwd) });
  } catch (error) {
    setCapabilities(cwd, { status: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
