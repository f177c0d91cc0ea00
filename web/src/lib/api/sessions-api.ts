// REST calls for session management (docs/protocol.md §5.1, docs/projects.md): list,
// create in a project, open a Claude Code transcript, rename, delete, and page back
// through a session's older events.
import { EVENTS_PATH, Field, QueryParam, Route, type Envelope, type EventsPage, type NewSessionRequest, type OpenTranscriptRequest, type Session } from '../../types/websocket';
import { toEnvelope } from '../claude/envelope';
import { request, withQuery } from './request';

export { ApiError } from './request';

export async function listSessions(): Promise<Session[]> {
  return (await request<{ sessions: Session[] }>(Route.sessions)).sessions;
}

export async function createSession(options: NewSessionRequest = {}): Promise<Session> {
  return (await request<{ session: Session }>(Route.sessions, { method: 'POST', body: JSON.stringify(options) })).session;
}

/** Opens a Claude Code conversation in Tether (or returns the session that already holds it). */
export async function openTranscript(claudeSessionId: string): Promise<Session> {
  const body: OpenTranscriptRequest = { claudeSessionId };
  return (await request<{ session: Session }>(Route.sessions, { method: 'POST', body: JSON.stringify(body) })).session;
}

export async function renameSession(id: string, title: string): Promise<Session> {
  return (await request<{ session: Session }>(`${Route.sessions}/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify({ title }) })).session;
}

export async function deleteSession(id: string): Promise<void> {
  await request<unknown>(`${Route.sessions}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/**
 * The latest `limit` events before seq `before`, ascending (§3.1). Events that are not
 * envelopes, or not before `before` (a server that ignores the parameter), are dropped.
 */
export async function olderEvents(sessionId: string, before: number, limit: number): Promise<EventsPage> {
  const path = withQuery(`${Route.sessions}/${encodeURIComponent(sessionId)}/${EVENTS_PATH}`, { [QueryParam.before]: before, [QueryParam.limit]: limit });
  const body = await request<{ events?: unknown; headSeq?: unknown; hasOlder?: unknown }>(path);
  const events: Envelope[] = [];
  for (const raw of Array.isArray(body.events) ? (body.events as unknown[]) : []) {
    const decoded = toEnvelope(raw);
    if (decoded.ok && decoded.envelope.seq !== undefined && decoded.envelope.seq < before) events.push(decoded.envelope);
  }
  events.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  return { events, headSeq: typeof body.headSeq === 'number' ? body.headSeq : 0, hasOlder: body[Field.hasOlder] === true };
}
