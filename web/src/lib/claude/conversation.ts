// The conversation layer: what must survive a reconnect. It keeps the outbox (client
// messages with their ids, kept until the server acks them and resent after every
// reconnect — the server drops a resend of an id it has seen, so each takes effect
// once), the joined sessions with the highest seq applied to each (rejoined with it),
// and drops events at or below that seq (duplicates of a replay). No timers, no I/O.
import { ErrorCode, Field, MessageType, type Envelope, type JsonObject } from '../../types/websocket';
import { makeEnvelope, str } from './envelope';

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
}

export class Conversation {
  private readonly joined = new Map<string, number>();
  private readonly outbox = new Map<string, Envelope>();

  /** `transmit` returns false when there is no open transport (the message waits). */
  constructor(
    private readonly transmit: (envelope: Envelope) => boolean,
    private readonly storage?: OutboxStorage,
  ) {
    for (const envelope of storage?.load() ?? []) this.outbox.set(envelope.id, envelope);
  }

  /** Joins a session (or moves its resume point forward); events after lastSeq follow. */
  join(sessionId: string, lastSeq = 0): void {
    const known = this.joined.get(sessionId);
    if (known !== undefined && known >= lastSeq) return;
    this.joined.set(sessionId, lastSeq);
    this.transmitJoin(sessionId, lastSeq);
  }

  leave(sessionId: string): void {
    if (!this.joined.delete(sessionId)) return;
    this.transmit(makeEnvelope(MessageType.sessionLeave, { [Field.sessionId]: sessionId }));
  }

  lastSeq(sessionId: string): number | undefined {
    return this.joined.get(sessionId);
  }

  /** Queues a client message; it is sent now when connected, else after the next open. */
  enqueue(type: MessageType, payload: JsonObject, id?: string): Envelope {
    const envelope = makeEnvelope(type, payload, id);
    this.outbox.set(envelope.id, envelope);
    this.persist();
    this.transmit(envelope);
    return envelope;
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
    if (envelope) this.transmit(envelope);
  }

  /** A transport opened: rejoin every session where we left it, then resend the outbox. */
  onOpen(): void {
    for (const [sessionId, lastSeq] of this.joined) this.transmitJoin(sessionId, lastSeq);
    for (const envelope of this.outbox.values()) this.transmit(envelope);
  }

  /** Returns false for a duplicate, which the caller must not apply. */
  receive(envelope: Envelope): boolean {
    if (envelope.replyTo !== undefined) {
      const settled =
        envelope.type === MessageType.ack ||
        (envelope.type === MessageType.error && permanentErrors.has(str(envelope.payload, Field.code) ?? ''));
      if (settled && this.outbox.delete(envelope.replyTo)) this.persist();
    }
    if (envelope.seq === undefined) return true;
    const sessionId = str(envelope.payload, Field.sessionId);
    if (sessionId === undefined) return true;
    const applied = this.joined.get(sessionId);
    if (applied === undefined) return true; // not joined here: nothing to dedupe against
    if (envelope.seq <= applied) return false;
    this.joined.set(sessionId, envelope.seq);
    return true;
  }

  private persist(): void {
    this.storage?.save([...this.outbox.values()]);
  }

  private transmitJoin(sessionId: string, lastSeq: number): void {
    this.transmit(makeEnvelope(MessageType.sessionJoin, { [Field.sessionId]: sessionId, [Field.lastSeq]: lastSeq }));
  }
}
