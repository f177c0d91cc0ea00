// The app's state (Zustand): the connection as the client reports it, the sessions
// list, the projects and Claude Code transcripts beside it, what the CLI offers per
// project, the session in view, and each session's timeline. Components select narrow
// slices. Updates go through the functions below; events are folded in batches
// (at most one update per animation frame, see frame-batcher.ts). A long session is
// held from its tail; how far back, and whether more is older, is its `history`. The
// connection settings (WebSocket or HTTP only, the debug log) are remembered in this
// browser; the client follows them (diagnostics-actions.ts) and reports its diagnostics.
import { create } from 'zustand';
import { ConnectionState, type Capabilities, type Envelope, type ImageAttachment, type ProjectsResponse, type Session, type TranscriptInfo } from '../../types/websocket';
import type { ConnectionSnapshot } from '../claude/connection';
import { emptyDiagnostics, type Diagnostics } from '../claude/diagnostics';
import { rememberDebugLog, rememberUseWebSocket } from '../preferences';
import { addLocalMessage, applyEvents, emptyView, setDelivery, type Delivery, type SessionView } from './timeline';
import { prependEvents } from './timeline-history';
import { foldActivities, idleActivity, type TurnActivity } from '../turn-activity';
import type { OutboxSummary } from '../claude/conversation';
import type { Answers } from '../permission-answer';
import { removeLocalMessage, retextLocalMessage } from './local-messages';

export interface Notice {
  code: string;
  message: string;
  hint: string;
}

export interface ClaudeState {
  connection: ConnectionSnapshot;
  sessions: Session[];
  sessionsStatus: 'loading' | 'ready' | 'error';
  currentSessionId: string | null;
  views: Record<string, SessionView>;
  /** The last problem not tied to one message (shown as a banner until dismissed). */
  notice: Notice | null;
  /** The model chosen per session for the next messages (none = the backend's default). */
  models: Record<string, string>;
  /** The workspace roots and projects (null until loaded, or from a server without them). */
  projects: ProjectsResponse | null;
  /** Claude Code conversations not yet opened in Tether, newest first. */
  transcripts: TranscriptInfo[];
  /** What the Claude Code CLI offers, per project folder (cached; see workspace-actions). */
  capabilities: Record<string, CapabilitiesEntry>;
  /** Per session; absent until a join has said where its history starts (or from an older server). */
  histories: Record<string, HistoryState>;
  /** The connection ids this tab was given (a prompt answered by one of them was answered here). */
  ownConnectionIds: string[];
  /** What each session's running turn does now (the activity line), folded from its events. */
  activities: Record<string, TurnActivity>;
  /** This tab's answers to permission prompts in flight or failed, by permissionId. */
  permissionAnswers: Answers;
  /** What the outbox holds of chat messages; the held ones can still be edited or cancelled. */
  outbox: OutboxSummary;
  /** Why the last message was refused (the outbox is full), until one fits again. */
  outboxRefusal: string | null;
  /** The held message being edited: it is not released meanwhile. */
  editingQueued: string | null;
  /** The setting "Use WebSocket" (false: HTTP only, SSE + POST). */
  useWebSocket: boolean;
  /** The setting "Log the connection to the browser console". */
  debugLog: boolean;
  /** What the connection details show (refreshed at most once a second). */
  diagnostics: Diagnostics;
}

/** How much of a session's history is held (docs/protocol.md §3.1). */
export interface HistoryState {
  /** The lowest seq held: older pages are asked for before it. */
  oldestSeq: number;
  hasOlder: boolean;
  loading: boolean;
  /** Why the last page could not be loaded (cleared by the next try). */
  error: string | null;
}

export type CapabilitiesEntry = { status: 'loading' } | { status: 'ready'; value: Capabilities } | { status: 'error'; message: string };

export const initialConnection: ConnectionSnapshot = {
  state: ConnectionState.connecting,
  latencyMs: null,
  isReconnecting: false,
  reconnectAttempts: 0,
  maxReconnectAttempts: 5,
  nextRetryAt: null,
  transport: null,
  fallbackReason: null,
  failure: null,
};

export const initialState: ClaudeState = {
  connection: initialConnection,
  sessions: [],
  sessionsStatus: 'loading',
  currentSessionId: null,
  views: {},
  notice: null,
  models: {},
  projects: null,
  transcripts: [],
  capabilities: {},
  histories: {},
  ownConnectionIds: [],
  activities: {},
  permissionAnswers: {},
  outbox: { messages: 0, bytes: 0, held: [] },
  outboxRefusal: null,
  editingQueued: null,
  useWebSocket: true,
  debugLog: false,
  diagnostics: emptyDiagnostics,
};

export const useClaudeStore = create<ClaudeState>()(() => initialState);

const set = useClaudeStore.setState;
const get = useClaudeStore.getState;

export function resetStore(): void {
  set(initialState, true);
}

export function setConnection(connection: ConnectionSnapshot): void {
  set({ connection });
}

export function setSessions(sessions: Session[], status: ClaudeState['sessionsStatus'] = 'ready'): void {
  set({ sessions, sessionsStatus: status });
}

export function upsertSession(session: Session): void {
  const sessions = get().sessions;
  const at = sessions.findIndex((s) => s.id === session.id);
  set({ sessions: at < 0 ? [session, ...sessions] : sessions.map((s) => (s.id === session.id ? session : s)) });
}

/** A copy of a per-session record without that session's entry. */
function without<T>(record: Record<string, T>, id: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => key !== id));
}

export function removeSession(id: string): void {
  const { sessions, views, histories, activities, currentSessionId } = get();
  set({
    sessions: sessions.filter((s) => s.id !== id),
    views: without(views, id),
    histories: without(histories, id),
    activities: without(activities, id),
    currentSessionId: currentSessionId === id ? null : currentSessionId,
  });
}

export function setCurrentSession(id: string | null): void {
  set({ currentSessionId: id });
}

export function setOwnConnectionIds(ownConnectionIds: string[]): void {
  set({ ownConnectionIds });
}

/** The WebSocket setting, remembered in this browser; the client switches transport when it changes. */
export function setUseWebSocket(on: boolean): void {
  set({ useWebSocket: on });
  rememberUseWebSocket(on);
}

/** The debug-log setting, remembered in this browser. */
export function setDebugLog(on: boolean): void {
  set({ debugLog: on });
  rememberDebugLog(on);
}

export function setDiagnostics(diagnostics: Diagnostics): void {
  set({ diagnostics });
}

export function setNotice(notice: Notice | null): void {
  set({ notice });
}

export function setModel(sessionId: string, model: string): void {
  set({ models: { ...get().models, [sessionId]: model } });
}

export function setModels(models: Record<string, string>): void {
  set({ models });
}

export function setProjects(projects: ProjectsResponse | null): void {
  set({ projects });
}

export function setTranscripts(transcripts: TranscriptInfo[]): void {
  set({ transcripts });
}

export function setCapabilities(cwd: string, entry: CapabilitiesEntry): void {
  set({ capabilities: { ...get().capabilities, [cwd]: entry } });
}

function updateView(sessionId: string, change: (view: SessionView) => SessionView): void {
  const views = get().views;
  const before = views[sessionId] ?? emptyView;
  const after = change(before);
  if (after !== before) set({ views: { ...views, [sessionId]: after } });
}

/** Folds a batch of session events into their sessions' timelines: one store update. */
export function applyEnvelopes(bySession: Map<string, Envelope[]>, receivedAt = Date.now()): void {
  const { views, activities } = get();
  let next: Record<string, SessionView> | null = null;
  let nextActivities: Record<string, TurnActivity> | null = null;
  for (const [sessionId, envelopes] of bySession) {
    const before = views[sessionId] ?? emptyView;
    const after = applyEvents(before, envelopes);
    if (after !== before) (next ??= { ...views })[sessionId] = after;
    const was = activities[sessionId] ?? idleActivity;
    const is = foldActivities(was, envelopes, receivedAt);
    if (is !== was) (nextActivities ??= { ...activities })[sessionId] = is;
  }
  if (next || nextActivities) set({ ...(next ? { views: next } : {}), ...(nextActivities ? { activities: nextActivities } : {}) });
}

export function addLocal(sessionId: string, id: string, text: string, images: ImageAttachment[] = [], at?: string): void {
  updateView(sessionId, (view) => addLocalMessage(view, id, text, images, at));
}

/** A held message was cancelled: it goes from the timeline. */
export function removeLocal(sessionId: string, id: string): void {
  updateView(sessionId, (view) => removeLocalMessage(view, id));
}

/** A held message was edited. */
export function retextLocal(sessionId: string, id: string, text: string): void {
  updateView(sessionId, (view) => retextLocalMessage(view, id, text));
}

export function setPermissionAnswers(permissionAnswers: Answers): void {
  set({ permissionAnswers });
}

export function setOutbox(outbox: OutboxSummary): void {
  set({ outbox });
}

export function setOutboxRefusal(outboxRefusal: string | null): void {
  if (get().outboxRefusal !== outboxRefusal) set({ outboxRefusal });
}

export function setEditingQueued(editingQueued: string | null): void {
  set({ editingQueued });
}

export function markDelivery(sessionId: string, id: string, delivery: Delivery, error?: string): void {
  updateView(sessionId, (view) => setDelivery(view, id, delivery, error));
}

/** A fresh join said where the history it holds starts. */
export function setHistoryStart(sessionId: string, historyStart: number, hasOlder: boolean): void {
  set({ histories: { ...get().histories, [sessionId]: { oldestSeq: historyStart, hasOlder, loading: false, error: null } } });
}

export function updateHistory(sessionId: string, change: Partial<HistoryState>): void {
  const current = get().histories[sessionId];
  if (current) set({ histories: { ...get().histories, [sessionId]: { ...current, ...change } } });
}

/** A page of older events (ascending, all before what is held) goes above the timeline: one store update. */
export function prependHistory(sessionId: string, events: Envelope[], hasOlder: boolean): void {
  const { views, histories } = get();
  const current = histories[sessionId];
  if (!current) return;
  const first = events[0]?.seq;
  const history: HistoryState = { oldestSeq: first ?? current.oldestSeq, hasOlder: hasOlder && first !== undefined, loading: false, error: null };
  set({ views: { ...views, [sessionId]: prependEvents(views[sessionId] ?? emptyView, events) }, histories: { ...histories, [sessionId]: history } });
}
