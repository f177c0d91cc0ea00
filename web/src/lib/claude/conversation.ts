// The conversation layer: what must survive a reconnect. It keeps the outbox (client
// messages with their ids, kept until the server acks them and resent after every
// reconnect — the server drops a resend of an id it has seen, so each takes effect
// once), the joined sessions with the highest seq applied to each (rejoined with it),
// and drops events at or below that seq (duplicates of a replay). A session joined with
// nothing held may start at its tail (§3.1); the answer to that join says where the
// history held begins, which is reported once. No timers, no I/O.
// A message may also be *held*: kept in the outbox but not sent until it is released
// (the app holds what the user types offline or while a reply runs, so that it can
// still be edited or cancelled); the outbox's chat messages are bounded (outbox-bound.ts).
import { ErrorCode, Field, MessageType, type Envelope, type JsonObject } from '../../types/websocket';
import { makeEnvelope, num, str } from './envelope';
import { defaultOutboxLimits, envelopeBytes, roomFor, type OutboxLimits, type OutboxUse, type Room } from './outbox-bound';

/** Errors after which a resend can never succeed: the message is dropped from the outbox. */
const permanentErrors: ReadonlySet<string> = new Set<string>([
  ErrorCode.invalidJson,
  ErrorCode.invalidMessage,
  ErrorCode.unknownType,
  ErrorCode.messageTooLarge,
  ErrorCode.sessionNotFound,
  ErrorCode.backendUnavailable,
  ErrorCode.backendError,
  ErrorCode.folderMissing, // the user is told; a silent resend once the folder is back would surprise them
]);

/** Where the outbox survives a reload of the page (sessionStorage in the browser). */
export interface OutboxStorage {
  load(): Envelope[];
  save(envelopes: Envelope[]): void;
  /** The ids of the held ones among them (optional: without it nothing is held after a reload). */
  loadHeld?(): string[];
  saveHeld?(ids: string[]): void;
}

/** A chat message refused because the outbox is at its bound (the reason says which). */
export class OutboxFullError extends Error {}

/** What the outbox holds of the user's messages, for the page to show. */
export interface OutboxSummary extends OutboxUse {
  /** Held messages, in order: not sent yet, so they can still be edited or cancelled. */
  held: string[];
}

export interface JoinOptions {
  /** With nothing held (lastSeq 0): start at the latest N turns instead of seq 1. */
  tailTurns?: number;
}

/** Where the history a fresh join holds begins: older events are paged in before it. */
export interface HistoryStart {
  sessionId: string;
  historyStart: number;
  hasOlder: boolean;
}

// Each envelope's size, measured once (an edit makes a new envelope).
const sizes = new WeakMap<Envelope, number>();
function sizeOf(envelope: Envelope): number {
  let size = sizes.get(envelope);
  if (size === undefined) {
    size = envelopeBytes(envelope);
    sizes.set(envelope, size);
  }
  return size;
}

export class Conversation {
  private readonly joined = new Map<string, number>();
  private readonly outbox = new Map<string, Envelope>();
  private readonly held = new Set<string>();
  private readonly changeListeners = new Set<() => void>();
  private readonly tailTurns = new Map<string, number>();
  // Join envelope id -> the join it was, to recognise its answer (a session_update with replyTo).
  private readonly joins = new Map<string, { sessionId: string; lastSeq: number }>();
  // Sessions joined with nothing held whose history start is not known yet, with the lowest
  // seq applied since: if the answer is lost with its connection, the rejoin (now with a
  // lastSeq) is answered relative to that lastSeq, and the start is what arrived first.
  private readonly unanchored = new Map<string, number | undefined>();

  /** `transmit` returns false when there is no open transport (the message waits). */
  constructor(
    private readonly transmit: (envelope: Envelope) => boolean,
    private readonly storage?: OutboxStorage,
    private readonly limits: OutboxLimits = defaultOutboxLimits,
  ) {
    for (const envelope of storage?.load() ?? []) this.outbox.set(envelope.id, envelope);
    for (const id of storage?.loadHeld?.() ?? []) if (this.outbox.has(id)) this.held.add(id);
  }

  /** Joins a session (or moves its resume point forward); events after lastSeq follow. */
  join(sessionId: string, lastSeq = 0, options: JoinOptions = {}): void {
    const known = this.joined.get(sessionId);
    if (known !== undefined && known >= lastSeq) return;
    this.joined.set(sessionId, lastSeq);
    if (options.tailTurns !== undefined && options.tailTurns >= 1) this.tailTurns.set(sessionId, Math.floor(options.tailTurns));
    else this.tailTurns.delete(sessionId);
    this.transmitJoin(sessionId, lastSeq);
  }

  leave(sessionId: string): void {
    this.tailTurns.delete(sessionId);
    this.unanchored.delete(sessionId);
    if (!this.joined.delete(sessionId)) return;
    this.transmit(makeEnvelope(MessageType.sessionLeave, { [Field.sessionId]: sessionId }));
  }

  lastSeq(sessionId: string): number | undefined {
    return this.joined.get(sessionId);
  }

  /**
   * Queues a client message; it is sent now when connected, else after the next open;
   * held, only once released. A chat message past the outbox's bound throws
   * OutboxFullError (ask `room` first).
   */
  enqueue(type: MessageType, payload: JsonObject, id?: string, options: { hold?: boolean } = {}): Envelope {
    const envelope = makeEnvelope(type, payload, id);
    if (type === MessageType.chatRequest) {
      const room = this.room(payload);
      if (!room.ok) throw new OutboxFullError(room.reason);
    }
    this.outbox.set(envelope.id, envelope);
    if (options.hold) this.held.add(envelope.id);
    this.persist();
    if (!options.hold) this.transmit(envelope);
    return envelope;
  }

  /** Whether a chat message with this payload fits in the outbox now. */
  room(payload: JsonObject): Room {
    return roomFor(this.use(), envelopeBytes(makeEnvelope(MessageType.chatRequest, payload, 'x')), this.limits);
  }

  /** Sends a held message now. False when it is not held (sent already, or gone). */
  release(id: string): boolean {
    const envelope = this.outbox.get(id);
    if (!envelope || !this.held.delete(id)) return false;
    this.persist();
    this.transmit(envelope);
    return true;
  }

  /** Drops a held message: it was never sent, so it never will be. False when it is not held. */
  cancel(id: string): boolean {
    if (!this.held.delete(id)) return false;
    this.outbox.delete(id);
    this.persist();
    return true;
  }

  /** Changes a held message's payload (same id). False when it is not held. */
  edit(id: string, payload: JsonObject): boolean {
    const envelope = this.outbox.get(id);
    if (!envelope || !this.held.has(id)) return false;
    this.outbox.set(id, { ...envelope, payload });
    this.persist();
    return true;
  }

  /**
   * Stops resending a message, whether or not it went out already (the caller knows it
   * may have arrived, e.g. a permission answer whose connection dropped before its ack).
   */
  discard(id: string): boolean {
    this.held.delete(id);
    if (!this.outbox.delete(id)) return false;
    this.persist();
    return true;
  }

  /** The messages sent and not acknowledged yet (the held ones have not been sent). */
  inFlight(): Envelope[] {
    return this.pending().filter((envelope) => !this.held.has(envelope.id));
  }

  /** The held messages' ids, in order. */
  heldIds(): string[] {
    return [...this.outbox.keys()].filter((id) => this.held.has(id));
  }

  /** What the outbox holds of chat messages, and which are held. */
  summary(): OutboxSummary {
    return { ...this.use(), held: this.heldIds() };
  }

  /** Called after every change of the outbox (added, acked, released, cancelled, edited). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Ids still waiting for their ack, in send order. */
  pendingIds(): string[] {
    return [...this.outbox.keys()];
  }

  /** The messages still waiting for their ack (also those restored after a reload). */
  pending(): Envelope[] {
    return [...this.outbox.values()];
  }

  /** Sends one outbox message again (same id), e.g. after the server refused it as rate-limited. */
  resend(id: string): void {
    const envelope = this.outbox.get(id);
    if (envelope && !this.held.has(id)) this.transmit(envelope);
  }

  /** A transport opened: rejoin every session where we left it, then resend the outbox. */
  onOpen(): void {
    this.joins.clear(); // joins sent on the previous connection are never answered
    for (const [sessionId, lastSeq] of this.joined) this.transmitJoin(sessionId, lastSeq);
    for (const envelope of this.outbox.values()) if (!this.held.has(envelope.id)) this.transmit(envelope);
  }

  /** Returns false for a duplicate, which the caller must not apply. */
  receive(envelope: Envelope): boolean {
    if (envelope.replyTo !== undefined) {
      const settled =
        envelope.type === MessageType.ack ||
        (envelope.type === MessageType.error && permanentErrors.has(str(envelope.payload, Field.code) ?? ''));
      if (settled && this.outbox.delete(envelope.replyTo)) {
        this.held.delete(envelope.replyTo);
        this.persist();
      }
    }
    if (envelope.seq === undefined) return true;
    const sessionId = str(envelope.payload, Field.sessionId);
    if (sessionId === undefined) return true;
    const applied = this.joined.get(sessionId);
    if (applied === undefined) return true; // not joined here: nothing to dedupe against
    if (envelope.seq <= applied) return false;
    this.joined.set(sessionId, envelope.seq);
    if (this.unanchored.has(sessionId) && this.unanchored.get(sessionId) === undefined) this.unanchored.set(sessionId, envelope.seq);
    return true;
  }

  /**
   * For the answer to a join made with nothing held: where the history held begins.
   * Undefined for anything else, for the answers to later rejoins (they only resume),
   * and for a server that does not say (it replayed everything, as before §3.1).
   */
  joinAnswer(envelope: Envelope): HistoryStart | undefined {
    if (envelope.type !== MessageType.sessionUpdate || envelope.replyTo === undefined) return undefined;
    const join = this.joins.get(envelope.replyTo);
    if (!join) return undefined;
    this.joins.delete(envelope.replyTo);
    const { sessionId } = join;
    if (!this.unanchored.has(sessionId)) return undefined;
    const firstApplied = this.unanchored.get(sessionId);
    this.unanchored.delete(sessionId);
    const historyStart = num(envelope.payload, Field.historyStart);
    if (historyStart === undefined) return undefined;
    if (join.lastSeq === 0) return { sessionId, historyStart, hasOlder: envelope.payload[Field.hasOlder] === true };
    // A rejoin after the first answer was lost: this answer is about lastSeq, not the tail.
    const start = firstApplied ?? join.lastSeq + 1;
    return { sessionId, historyStart: start, hasOlder: start > 1 };
  }

  private use(): OutboxUse {
    const use: OutboxUse = { messages: 0, bytes: 0 };
    for (const envelope of this.outbox.values()) {
      if (envelope.type !== MessageType.chatRequest) continue;
      use.messages += 1;
      use.bytes += sizeOf(envelope);
    }
    return use;
  }

  private persist(): void {
    this.storage?.save([...this.outbox.values()]);
    this.storage?.saveHeld?.(this.heldIds());
    for (const listener of this.changeListeners) listener();
  }

  private transmitJoin(sessionId: string, lastSeq: number): void {
    const payload: JsonObject = { [Field.sessionId]: sessionId, [Field.lastSeq]: lastSeq };
    const tailTurns = this.tailTurns.get(sessionId);
    // The tail applies only to a start from nothing; a rejoin resumes exactly where it was.
    if (lastSeq === 0 && tailTurns !== undefined) payload[Field.tailTurns] = tailTurns;
    if (lastSeq === 0) this.unanchored.set(sessionId, undefined);
    const envelope = makeEnvelope(MessageType.sessionJoin, payload);
    this.joins.set(envelope.id, { sessionId, lastSeq });
    this.transmit(envelope);
  }
}
