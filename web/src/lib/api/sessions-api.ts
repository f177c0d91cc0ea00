// REST calls for session management (docs/protocol.md §5.1). The browser sends the
// tether_token cookie by itself (same origin); errors become ApiError with the
// server's code, message and hint, so the UI can say what to do next.
import { Route, type SessionInfo } from '../../types/websocket';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly hint: string) {
    super(message);
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: 'same-origin',
      headers: init.body ? { 'Content-Type': 'application/json' } : undefined,
    });
  } catch {
    throw new ApiError(0, 'unreachable', "Can't reach the Tether server.", 'Is `tether serve` running?');
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; hint?: string } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'internal', error?.message ?? `HTTP ${response.status}`, error?.hint ?? '');
  }
  return body as T;
}

export async function listSessions(): Promise<SessionInfo[]> {
  return (await request<{ sessions: SessionInfo[] }>(Route.sessions)).sessions;
}

export async function createSession(title?: string): Promise<SessionInfo> {
  const body = title === undefined ? {} : { title };
  return (await request<{ session: SessionInfo }>(Route.sessions, { method: 'POST', body: JSON.stringify(body) })).session;
}

export async function renameSession(id: string, title: string): Promise<SessionInfo> {
  return (await request<{ session: SessionInfo }>(`${Route.sessions}/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify({ title }) })).session;
}

export async function deleteSession(id: string): Promise<void> {
  await request<void>(`${Route.sessions}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
