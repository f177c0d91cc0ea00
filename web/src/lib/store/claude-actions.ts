// What the UI can do, as plain functions: they talk to the client (WebSocket/HTTP) and
// the REST API and put the outcome into the store. `startClaude` wires one client to
// the store and returns one disposer for everything it subscribed to.
import {
  ErrorCode,
  Field,
  MessageType,
  type Envelope,
  type ImageAttachment,
  type JsonObject,
  type NewSessionRequest,
} from '../../types/websocket';
import { str } from '../claude/envelope';
import * as api from '../api/sessions-api';
import { imagesOf } from '../images';
import { rememberModels, rememberProject, rememberedModels } from '../preferences';
import { loadOwnConnectionIds, saveOwnConnectionIds, withConnectionId } from '../own-connections';
import { refreshWorkspace } from './workspace-actions';
import type { ClaudeWebSocketClient } from '../claude/websocket-client';
import { FrameBatcher, type Scheduler } from './frame-batcher';
import { TAIL_TURNS } from './history-actions';
import { queueMessage, startOutbox } from './outbox-actions';
import { settlePermissionReply, startPermissionAnswers } from './permission-actions';
import {
  addLocal,
  applyEnvelopes,
  markDelivery,
  removeSession,
  setConnection,
  setCurrentSession,
  setModel,
  setModels,
  setHistoryStart,
  setNotice,
  setOwnConnectionIds,
  setSessions,
  upsertSession,
  useClaudeStore,
} from './claude-store';

let client: ClaudeWebSocketClient | null = null;
/** Our own chat_request ids -> their session, to route acks and errors. */
const ownMessages = new Map<string, string>();

export interface StartOptions {
  scheduler?: Scheduler; // batching of stream updates (default: animation frames)
}

export function startClaude(instance: ClaudeWebSocketClient, options: StartOptions = {}): () => void {
  client = instance;
  const batcher = new FrameBatcher<Envelope>((batch) => { deliver(batch); }, options.scheduler);
  const disposers = [
    instance.onStateChange((snapshot) => {
      setConnection(snapshot);
      // The page may have loaded while the server was away: load what it could not.
      const { sessionsStatus, currentSessionId } = useClaudeStore.getState();
      if (snapshot.state === 'connected' && (sessionsStatus === 'error' || currentSessionId === null)) void openInitialSession();
    }),
    instance.onMessage((envelope) => {
      if (envelope.seq !== undefined || envelope.type === MessageType.sessionUpdate) batcher.push(envelope);
      else {
        batcher.flush(); // an ack must not overtake the events before it
        onReply(envelope);
      }
    }),
    instance.onHistoryStart(({ sessionId, historyStart, hasOlder }) => {
      batcher.flush(); // the tail it describes is held before the history says so
      setHistoryStart(sessionId, historyStart, hasOlder);
    }),
  ];
  setConnection(instance.state);
  setModels(rememberedModels());
  setOwnConnectionIds(loadOwnConnectionIds());
  // Messages still unacknowledged when the page was reloaded: show them queued again.
  for (const envelope of instance.pending()) {
    const sessionId = str(envelope.payload, Field.sessionId);
    const message = str(envelope.payload, Field.message);
    if (envelope.type !== MessageType.chatRequest || sessionId === undefined || message === undefined) continue;
    ownMessages.set(envelope.id, sessionId);
    addLocal(sessionId, envelope.id, message, imagesOf(envelope.payload[Field.images]), envelope.timestamp);
  }
  // Held messages and permission answers follow the client from here (restored ones included).
  disposers.push(startOutbox(instance), startPermissionAnswers(instance));
  return () => {
    for (const dispose of disposers) dispose();
    batcher.flush();
    client = null;
  };
}

function deliver(batch: Envelope[]): void {
  const bySession = new Map<string, Envelope[]>();
  for (const envelope of batch) {
    const sessionId = str(envelope.payload, Field.sessionId);
    if (sessionId === undefined) continue;
    const list = bySession.get(sessionId);
    if (list) list.push(envelope);
    else bySession.set(sessionId, [envelope]);
  }
  applyEnvelopes(bySession);
  refreshOnNewConversation(batch);
}

/** Claude session ids for which the sessions list was reloaded (once each). */
const seenClaudeSessions = new Set<string>();

// A session's first Claude Code turn gives it a claudeSessionId, and with it the
// resumeCommand the header offers: the REST session has them, so reload the list once.
function refreshOnNewConversation(batch: Envelope[]): void {
  const sessions = useClaudeStore.getState().sessions;
  for (const envelope of batch) {
    if (envelope.type !== MessageType.sessionUpdate) continue;
    const detail = envelope.payload[Field.detail];
    const claudeSessionId = detail && typeof detail === 'object' && !Array.isArray(detail) ? detail.claudeSessionId : undefined;
    if (typeof claudeSessionId !== 'string' || claudeSessionId === '' || seenClaudeSessions.has(claudeSessionId)) continue;
    const session = sessions.find((x) => x.id === str(envelope.payload, Field.sessionId));
    if (!session || session.claudeSessionId === claudeSessionId) continue;
    seenClaudeSessions.add(claudeSessionId);
    void loadSessionList();
    return;
  }
}

/** A connection of this tab was named (WebSocket, or one SSE stream of the HTTP fallback). */
function noteOwnConnection(envelope: Envelope): void {
  const id = str(envelope.payload, Field.connectionId);
  if (id === undefined || id === '' || useClaudeStore.getState().ownConnectionIds.includes(id)) return;
  const ids = withConnectionId(useClaudeStore.getState().ownConnectionIds, id);
  setOwnConnectionIds(ids);
  saveOwnConnectionIds(ids);
}

/** Answers to our messages: acks and errors (no seq); and the connection's greeting. */
function onReply(envelope: Envelope): void {
  if (envelope.type === MessageType.connectionStatus) {
    noteOwnConnection(envelope);
    return;
  }
  if (settlePermissionReply(envelope)) return;
  if (envelope.type === MessageType.ack && envelope.replyTo !== undefined) {
    const sessionId = ownMessages.get(envelope.replyTo);
    if (sessionId !== undefined) {
      ownMessages.delete(envelope.replyTo);
      markDelivery(sessionId, envelope.replyTo, 'sent');
    }
    return;
  }
  if (envelope.type !== MessageType.error) return;
  const code = str(envelope.payload, Field.code) ?? ErrorCode.internal;
  const message = str(envelope.payload, Field.message) ?? 'Something went wrong.';
  const hint = str(envelope.payload, Field.hint) ?? '';
  const sessionId = envelope.replyTo === undefined ? undefined : ownMessages.get(envelope.replyTo);
  if (sessionId !== undefined && envelope.replyTo !== undefined && client?.pendingIds().includes(envelope.replyTo) === false) {
    ownMessages.delete(envelope.replyTo);
    markDelivery(sessionId, envelope.replyTo, 'failed', hint ? `${message} ${hint}` : message);
    return;
  }
  // A rate-limited message is still in the outbox and goes again by itself.
  if (code === ErrorCode.rateLimited && envelope.replyTo !== undefined && client?.pendingIds().includes(envelope.replyTo)) return;
  setNotice({ code, message, hint });
}

function need(): ClaudeWebSocketClient {
  if (!client) throw new Error('startClaude() was not called');
  return client;
}

// ---- conversation ----

/**
 * Sends a message, or holds it (offline, or while its session runs a turn: it can still
 * be edited or cancelled; outbox-actions.ts). False when it was refused (the outbox is
 * full: the store's outboxRefusal says why) or there was nothing to send.
 */
export function sendMessage(text: string, images: ImageAttachment[] = []): boolean {
  const sessionId = useClaudeStore.getState().currentSessionId;
  if (!sessionId || text.trim().length === 0) return false;
  const payload: JsonObject = { [Field.sessionId]: sessionId, [Field.message]: text };
  const model = useClaudeStore.getState().models[sessionId];
  if (model) payload[Field.model] = model;
  if (images.length > 0) payload[Field.images] = images.map((image) => ({ [Field.mediaType]: image.mediaType, [Field.data]: image.data }));
  const queued = queueMessage(sessionId, payload);
  if (!queued.ok) return false;
  ownMessages.set(queued.envelope.id, sessionId);
  addLocal(sessionId, queued.envelope.id, text, images, queued.envelope.timestamp);
  return true;
}

export function cancelReply(): void {
  const sessionId = useClaudeStore.getState().currentSessionId;
  if (sessionId) need().send(MessageType.chatCancel, { [Field.sessionId]: sessionId });
}

export { answerPermission, type PermissionAnswer } from './permission-actions';

export function setPermissionMode(sessionId: string, mode: string): void {
  need().send(MessageType.setPermissionMode, { sessionId, mode });
}

/** The model for this session's next messages ('' = the backend's default); remembered across reloads. */
export function chooseModel(sessionId: string, model: string): void {
  setModel(sessionId, model);
  rememberModels(useClaudeStore.getState().models);
}

export function retryConnection(): void {
  need().reconnect();
}

export function dismissNotice(): void {
  setNotice(null);
}

// ---- sessions ----

function explain(error: unknown): void {
  // A refused token or an unreachable server is the connection status's to explain.
  if (error instanceof api.ApiError && (error.status === 401 || error.status === 0)) return;
  if (error instanceof api.ApiError) setNotice({ code: error.code, message: error.message, hint: error.hint });
  else setNotice({ code: ErrorCode.internal, message: String(error), hint: '' });
}

const sessionParam = 'session';

/** The session in view lives in the URL (?session=ID), so reload and back/forward keep it. */
export function sessionFromUrl(): string | null {
  return new URLSearchParams(window.location.search).get(sessionParam);
}

export function selectSession(id: string, history: 'push' | 'replace' | 'none' = 'push'): void {
  setCurrentSession(id);
  // With nothing of it held, a long session opens at its latest turns (older ones page in).
  need().join(id, need().lastSeq(id) ?? 0, { tailTurns: TAIL_TURNS });
  if (history !== 'none') {
    const url = new URL(window.location.href);
    url.searchParams.set(sessionParam, id);
    if (history === 'push') window.history.pushState({ session: id }, '', url);
    else window.history.replaceState({ session: id }, '', url);
  }
}

async function loadSessionList(): Promise<void> {
  try {
    setSessions(await api.listSessions());
  } catch (error) {
    setSessions(useClaudeStore.getState().sessions, 'error');
    explain(error);
  }
}

let refreshing = false;

/**
 * Reloads the sessions list in the background (which sessions run, which wait for the
 * user): quietly, one at a time, and only when it still applies. A list changed meanwhile
 * here (a session made, renamed, deleted) stays; the next refresh brings the rest.
 */
export async function refreshSessionList(): Promise<void> {
  if (refreshing || useClaudeStore.getState().sessionsStatus === 'loading') return;
  refreshing = true;
  const before = useClaudeStore.getState().sessions;
  try {
    const sessions = await api.listSessions();
    const { sessions: now, sessionsStatus } = useClaudeStore.getState();
    // Unchanged (the usual case): no store update, no re-render of the sidebar.
    if (now === before && (sessionsStatus !== 'ready' || JSON.stringify(sessions) !== JSON.stringify(before))) setSessions(sessions);
  } catch {
    // The connection status says when the server is away; the list stays as it was.
  } finally {
    refreshing = false;
  }
}

/** The sessions, and with them the projects and Claude Code transcripts they are grouped with. */
export async function loadSessions(): Promise<void> {
  await Promise.all([loadSessionList(), refreshWorkspace()]);
}

let opening: Promise<void> | null = null;

/** Opens the session named in the URL, else the newest, else a new one (once at a time). */
export function openInitialSession(): Promise<void> {
  opening ??= openInitial().finally(() => (opening = null));
  return opening;
}

async function openInitial(): Promise<void> {
  await loadSessions();
  const wanted = sessionFromUrl();
  const { sessions, sessionsStatus } = useClaudeStore.getState();
  // A session named in the URL that no longer exists (deleted elsewhere) is not joined.
  if (wanted && (sessionsStatus !== 'ready' || sessions.some((s) => s.id === wanted))) {
    selectSession(wanted, 'replace');
    return;
  }
  if (wanted) setNotice({ code: ErrorCode.sessionNotFound, message: 'The session in the link no longer exists.', hint: 'Showing the newest one instead.' });
  if (sessions[0]) selectSession(sessions[0].id, 'replace');
  // With Claude Code conversations to continue, the user picks (nothing is made for them).
  else if (sessionsStatus === 'ready' && useClaudeStore.getState().transcripts.length === 0) await newSession({}, 'replace');
}

/** Creates a session and opens it; throws ApiError (the new-session dialog shows it). */
export async function createSession(options: NewSessionRequest, history: 'push' | 'replace' = 'push'): Promise<void> {
  const session = await api.createSession(options);
  upsertSession(session);
  selectSession(session.id, history);
  rememberProject(session.cwd);
  void refreshWorkspace();
}

export async function newSession(options: NewSessionRequest = {}, history: 'push' | 'replace' = 'push'): Promise<void> {
  try {
    await createSession(options, history);
  } catch (error) {
    explain(error);
  }
}

/** Opens a Claude Code conversation in Tether: it becomes a session (origin terminal) with its history. */
export async function openTranscript(claudeSessionId: string): Promise<void> {
  try {
    const session = await api.openTranscript(claudeSessionId);
    upsertSession(session);
    selectSession(session.id);
    void refreshWorkspace();
  } catch (error) {
    explain(error);
  }
}

export async function renameSession(id: string, title: string): Promise<void> {
  try {
    upsertSession(await api.renameSession(id, title));
  } catch (error) {
    explain(error);
  }
}

export async function deleteSession(id: string): Promise<void> {
  try {
    await api.deleteSession(id);
    need().leave(id);
    const wasCurrent = useClaudeStore.getState().currentSessionId === id;
    removeSession(id);
    void refreshWorkspace();
    if (wasCurrent) {
      const next = useClaudeStore.getState().sessions[0];
      if (next) selectSession(next.id, 'replace');
      else await newSession({}, 'replace');
    }
  } catch (error) {
    explain(error);
  }
}
