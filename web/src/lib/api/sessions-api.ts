// REST calls for session management (docs/protocol.md §5.1, docs/projects.md): list,
// create in a project, open a Claude Code transcript, rename, delete.
import { Route, type NewSessionRequest, type OpenTranscriptRequest, type SessionInfo } from '../../types/websocket';
import { request } from './request';

export { ApiError } from './request';

export async function listSessions(): Promise<SessionInfo[]> {
  return (await request<{ sessions: SessionInfo[] }>(Route.sessions)).sessions;
}

export async function createSession(options: NewSessionRequest = {}): Promise<SessionInfo> {
  return (await request<{ session: SessionInfo }>(Route.sessions, { method: 'POST', body: JSON.stringify(options) })).session;
}

/** Opens a Claude Code conversation in Tether (or returns the session that already holds it). */
export async function openTranscript(claudeSessionId: string): Promise<SessionInfo> {
  const body: OpenTranscriptRequest = { claudeSessionId };
  return (await request<{ session: SessionInfo }>(Route.sessions, { method: 'POST', body: JSON.stringify(body) })).session;
}

export async function renameSession(id: string, title: string): Promise<SessionInfo> {
  return (await request<{ session: SessionInfo }>(`${Route.sessions}/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify({ title }) })).session;
}

export async function deleteSession(id: string): Promise<void> {
  await request<void>(`${Route.sessions}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
