// The browser client of protocol v1, with the semantics and defaults of libtether:
// connect timeout 10 s, backoff 1-2-4-8-16 s with jitter, 5 attempts, then the HTTP
// fallback (POST + SSE) with the WebSocket re-probed in the background; an outbox kept
// until acked; resume by seq per joined session. It composes the connection layer
// (transport, heartbeat, retries) and the conversation layer (outbox, acks, seq), and
// keeps the diagnostics (log, latency, counters) of both for the connection details.
// No React in here: the store subscribes with onMessage/onStateChange/onDiagnostics.
import { CloseCode, ErrorCode, Field, MessageType, TransportKind, Route, type Envelope, type JsonObject } from '../../types/websocket';
import { defaultBackoff } from './backoff';
import { Timer, systemClock, type Clock } from './clock';
import { str } from './envelope';
import { Connection, type ConnectionSnapshot } from './connection';
import type { Reach } from './connection-machine';
import { DiagnosticsRecorder, type Diagnostics } from './diagnostics';
import { Conversation, type HistoryStart, type JoinOptions, type OutboxStorage, type OutboxSummary } from './conversation';
import type { Room } from './outbox-bound';
import { defaultHeartbeat, type HeartbeatOptions } from './heartbeat';
import { culpritOfTooLarge, tooLargeError } from './too-large';
import { HttpTransport, type EventSourceConstructor, type FetchFunction } from './transport-http';
import { WebSocketTransport, type WebSocketConstructor } from './transport-websocket';
import type { TransportFactory } from './transport';

export type { ConnectionSnapshot, Diagnostics, HistoryStart, JoinOptions };

export interface ClientOptions {
  /** http(s)://host:port of the Tether server; the WebSocket URL is derived from it. */
  baseUrl: string;
  clock?: Clock;
  random?: () => number;
  WebSocketImpl?: WebSocketConstructor;
  EventSourceImpl?: EventSourceConstructor;
  fetchImpl?: FetchFunction;
  maxAttempts?: number; // default 5
  connectTimeoutMs?: number; // default 10 000
  heartbeat?: Partial<HeartbeatOptions>;
  probeIntervalMs?: number; // default 30 000
  /** Whether to use WebSocket at all (false: HTTP fallback only); changed later with setWebSocketEnabled. */
  webSocket?: boolean;
  /** Mirror the connection log to console.debug (?debug=1 or the setting). */
  debugLog?: boolean;
  /** Keeps unacknowledged messages across a reload (default: none). */
  outboxStorage?: OutboxStorage;
}

/** An OutboxStorage on the tab's sessionStorage: survives a reload, not shared with other tabs. */
export function sessionOutboxStorage(key = 'tether.outbox'): OutboxStorage {
  return {
    load: () => {
      try {
        const parsed: unknown = JSON.parse(sessionStorage.getItem(key) ?? '[]');
        return Array.isArray(parsed) ? (parsed as Envelope[]) : [];
      } catch {
        return []; // unreadable: start empty rather than fail the page
      }
    },
    save: (envelopes) => {
      try {
        sessionStorage.setItem(key, JSON.stringify(envelopes));
      } catch {
        // Storage full or disabled: the outbox still lives in memory.
      }
    },
    loadHeld: () => {
      try {
        const parsed: unknown = JSON.parse(sessionStorage.getItem(`${key}.held`) ?? '[]');
        return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
      } catch {
        return [];
      }
    },
    saveHeld: (ids) => {
      try {
        sessionStorage.setItem(`${key}.held`, JSON.stringify(ids));
      } catch {
        // As above.
      }
    },
  };
}

type Listener<T> = (value: T) => void;

/** How long to wait before sending a rate-limited message again (the limit refills per second). */
const RATE_LIMIT_RESEND_MS = 1000;

/** Plain HTTP check of the server, used to explain a WebSocket that did not open. */
export async function probeServer(baseUrl: string, fetchImpl: FetchFunction): Promise<Reach> {
  try {
    // A plain GET of the WebSocket route answers 426 when the server is there and the
    // cookie is good, 401 when the token is wrong; no answer means no server.
    const response = await fetchImpl(`${baseUrl}${Route.websocket}`, {
      credentials: 'same-origin',
      cache: 'no-store',
      signal: AbortSignal.timeout(5000),
    });
    if (response.status === 401) return 'unauthorized';
    if (response.status === 426 || response.ok) return 'reachable';
    return 'unreachable';
  } catch {
    return 'unreachable';
  }
}

export function webSocketUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}${Route.websocket}`;
}

/** Where the HTTP fallback goes, for the connection details. */
export function httpUrls(baseUrl: string): string {
  return `${baseUrl}${Route.stream} (SSE) + POST ${baseUrl}${Route.messages}`;
}

export class ClaudeWebSocketClient {
  private readonly connection: Connection;
  private readonly conversation: Conversation;
  private readonly messageListeners = new Set<Listener<Envelope>>();
  private readonly stateListeners = new Set<Listener<ConnectionSnapshot>>();
  private readonly historyListeners = new Set<Listener<HistoryStart>>();
  // Messages the server refused as rate-limited (not processed): sent again, same id, soon.
  private readonly rateLimited = new Set<string>();
  private readonly resendTimer: Timer;
  private readonly recorder: DiagnosticsRecorder;
  private useWebSocket: boolean;

  constructor(options: ClientOptions) {
    const clock = options.clock ?? systemClock;
    const fetchImpl = options.fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
    const WebSocketImpl = options.WebSocketImpl ?? globalThis.WebSocket;
    const EventSourceImpl = options.EventSourceImpl ?? globalThis.EventSource;
    const createTransport: TransportFactory = (kind, callbacks) =>
      kind === TransportKind.websocket
        ? new WebSocketTransport(webSocketUrl(options.baseUrl), WebSocketImpl, callbacks)
        : new HttpTransport(options.baseUrl, EventSourceImpl, fetchImpl, callbacks);
    this.recorder = new DiagnosticsRecorder({
      clock,
      urls: { [TransportKind.websocket]: webSocketUrl(options.baseUrl), [TransportKind.http]: httpUrls(options.baseUrl) },
    });
    this.recorder.log.setMirror(options.debugLog === true);
    this.connection = new Connection(
      {
        clock,
        diagnostics: this.recorder,
        random: options.random ?? Math.random,
        maxAttempts: options.maxAttempts ?? 5,
        backoff: defaultBackoff,
        connectTimeoutMs: options.connectTimeoutMs ?? 10000,
        heartbeat: { ...defaultHeartbeat, ...options.heartbeat },
        probeIntervalMs: options.probeIntervalMs ?? 30000,
        createTransport,
        probeReach: () => probeServer(options.baseUrl, fetchImpl),
      },
      {
        onOpen: () => { this.conversation.onOpen(); },
        onEnvelope: (envelope) => { this.receive(envelope); },
        onState: (snapshot) => {
          for (const listener of this.stateListeners) listener(snapshot);
        },
        onClose: (info) => {
          if (info.code === CloseCode.tooLarge) this.settleTooLarge();
        },
      },
    );
    this.conversation = new Conversation((envelope) => this.connection.send(envelope), options.outboxStorage);
    this.resendTimer = new Timer(clock);
    this.useWebSocket = true;
    if (options.webSocket === false) this.setWebSocketEnabled(false);
  }

  /** An envelope from the server (or answered for it, see too-large.ts): applied once, then passed on. */
  private receive(envelope: Envelope): void {
    if (!this.conversation.receive(envelope)) return; // a duplicate from a replay
    this.noteRateLimit(envelope);
    for (const listener of this.messageListeners) listener(envelope);
    const start = this.conversation.joinAnswer(envelope);
    if (start) for (const listener of this.historyListeners) listener(start);
  }

  /** The server closed with 1009: the message it refused is not sent again, and its sender hears why. */
  private settleTooLarge(): void {
    const culprit = culpritOfTooLarge(this.conversation.inFlight());
    if (!culprit) return;
    this.recorder.note('error', `message ${culprit.id} (${culprit.type}) is too large for the server: not sent again`, ErrorCode.messageTooLarge);
    this.receive(tooLargeError(culprit.id, 'The message is larger than the server accepts (it closed the connection with 1009).'));
  }

  private noteRateLimit(envelope: Envelope): void {
    if (envelope.type !== MessageType.error || envelope.replyTo === undefined) return;
    if (str(envelope.payload, Field.code) !== ErrorCode.rateLimited) return;
    if (!this.conversation.pendingIds().includes(envelope.replyTo)) return;
    this.rateLimited.add(envelope.replyTo);
    if (this.resendTimer.running) return;
    this.resendTimer.start(RATE_LIMIT_RESEND_MS, () => {
      const ids = [...this.rateLimited];
      this.rateLimited.clear();
      for (const id of ids) this.conversation.resend(id);
    });
  }

  get state(): ConnectionSnapshot {
    return this.connection.state;
  }

  connect(): void {
    this.connection.dispatch({ type: 'connect' });
  }

  disconnect(): void {
    this.resendTimer.stop();
    this.rateLimited.clear();
    this.connection.dispatch({ type: 'disconnect' });
  }

  /** Manual retry (the Retry button): at once, with a fresh set of attempts. */
  reconnect(): void {
    this.connection.dispatch({ type: 'retry' });
  }

  /**
   * A reason to look at the link now (the tab was shown or focused, restored from the
   * back-forward cache, the computer woke): an open link is checked, a backoff is cut
   * short, and after the client gave up it tries again.
   */
  wake(reason = 'woke'): void {
    this.connection.dispatch({ type: 'wake', reason });
  }

  /** WebSocket (true, with HTTP as the fallback) or HTTP only; switching now keeps every message. */
  setWebSocketEnabled(on: boolean): void {
    if (on === this.useWebSocket) return;
    this.useWebSocket = on;
    this.recorder.setWebSocketEnabled(on);
    this.connection.dispatch({ type: 'setWebSocket', on });
  }

  get webSocketEnabled(): boolean {
    return this.useWebSocket;
  }

  /** Mirror the connection log to console.debug. */
  setDebugLog(on: boolean): void {
    this.recorder.log.setMirror(on);
  }

  /** What the connection details show: the log, latency, counters, the last problem. */
  diagnostics(): Diagnostics {
    return this.recorder.snapshot();
  }

  /** Fresh diagnostics after changes (at most once a second). */
  onDiagnostics(listener: Listener<Diagnostics>): () => void {
    return this.recorder.onChange(listener);
  }

  setOnline(online: boolean): void {
    this.connection.dispatch({ type: online ? 'online' : 'offline' });
  }

  /** Joins a session; with nothing held (lastSeq 0), `tailTurns` starts at its latest turns. */
  join(sessionId: string, lastSeq = 0, options: JoinOptions = {}): void {
    this.conversation.join(sessionId, lastSeq, options);
  }

  leave(sessionId: string): void {
    this.conversation.leave(sessionId);
  }

  /** Highest seq applied for a joined session. */
  lastSeq(sessionId: string): number | undefined {
    return this.conversation.lastSeq(sessionId);
  }

  /**
   * Sends a client message through the outbox; returns its envelope (id = the ack's
   * replyTo). After the client gave up, the user wanting this to go is a reason to try
   * again at once (during a backoff the retries are still running by themselves).
   */
  send(type: MessageType, payload: JsonObject, id?: string, options: { hold?: boolean } = {}): Envelope {
    const envelope = this.conversation.enqueue(type, payload, id, options);
    if (this.connection.gaveUp) this.wake(`${type} sent after giving up`);
    return envelope;
  }

  /** Whether a chat message fits in the outbox now (it is bounded; see outbox-bound.ts). */
  room(payload: JsonObject): Room {
    return this.conversation.room(payload);
  }

  /** A held message goes now; cancel and edit change one that has not gone yet. */
  release(id: string): boolean {
    return this.conversation.release(id);
  }

  cancel(id: string): boolean {
    return this.conversation.cancel(id);
  }

  edit(id: string, payload: JsonObject): boolean {
    return this.conversation.edit(id, payload);
  }

  /** Stops resending a message, sent or not (its sender gave up on it). */
  discard(id: string): boolean {
    return this.conversation.discard(id);
  }

  /** What the outbox holds of chat messages, and which of them are held. */
  outbox(): OutboxSummary {
    return this.conversation.summary();
  }

  onOutboxChange(listener: () => void): () => void {
    return this.conversation.onChange(listener);
  }

  pendingIds(): string[] {
    return this.conversation.pendingIds();
  }

  pending(): Envelope[] {
    return this.conversation.pending();
  }

  onMessage(listener: Listener<Envelope>): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onStateChange(listener: Listener<ConnectionSnapshot>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Where a fresh join's history begins (once per join with nothing held; older pages go before it). */
  onHistoryStart(listener: Listener<HistoryStart>): () => void {
    this.historyListeners.add(listener);
    return () => this.historyListeners.delete(listener);
  }
}
