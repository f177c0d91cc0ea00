// The user's messages on their way out. A message typed while the page is offline is
// *held* in the outbox (sessionStorage keeps it across a reload): it can still be edited
// or cancelled, and it goes once the page is connected (held-release.ts). Connected, a
// message goes at once, also while its session runs a turn: the server queues it and its
// ack means it is on disk, so closing the tab cannot lose it, and every tab sees it. The outbox is bounded (outbox-bound.ts): a message past the bound
// is refused, and the composer says why. `startOutbox` wires this to one client.
import { Field, MessageType, type Envelope, type JsonObject } from '../../types/websocket';
import type { ClaudeWebSocketClient } from '../claude/websocket-client';
import { str } from '../claude/envelope';
import { roomFor } from '../claude/outbox-bound';
import { toRelease, type HeldMessage } from '../held-release';
import { removeLocal, retextLocal, setEditingQueued, setOutbox, setOutboxRefusal, useClaudeStore } from './claude-store';

let client: ClaudeWebSocketClient | null = null;
/** Per session, the message released last until its chat_request is seen: the session counts as busy. */
const awaiting = new Map<string, string>();

export function startOutbox(instance: ClaudeWebSocketClient): () => void {
  client = instance;
  awaiting.clear();
  const sync = () => {
    const summary = instance.outbox();
    setOutbox(summary);
    // A refusal stands until a message fits again.
    if (roomFor(summary, 0).ok) setOutboxRefusal(null);
  };
  sync();
  const disposers = [
    instance.onOutboxChange(sync),
    instance.onMessage((envelope) => {
      // A resend the server had already taken: its turn is in the history, no new one comes.
      if (envelope.type === MessageType.ack && envelope.replyTo !== undefined && envelope.payload[Field.duplicate] === true) {
        for (const [sessionId, id] of awaiting) if (id === envelope.replyTo) awaiting.delete(sessionId);
        scheduleRelease();
      }
    }),
    useClaudeStore.subscribe(scheduleRelease),
  ];
  return () => {
    for (const dispose of disposers) dispose();
    client = null;
  };
}

function sessionOf(envelope: Envelope): string | undefined {
  return envelope.type === MessageType.chatRequest ? str(envelope.payload, Field.sessionId) : undefined;
}

/** Whether a session should not get its next message yet: one of ours is still on its way. */
function busy(sessionId: string): boolean {
  const { views, activities } = useClaudeStore.getState();
  const activity = activities[sessionId];
  const awaited = awaiting.get(sessionId);
  if (awaited !== undefined) {
    const item = views[sessionId]?.items.find((i) => i.id === awaited);
    const over = activity?.seen.includes(awaited) === true || (item?.kind === 'user' && item.delivery === 'failed');
    if (!over) return true;
    awaiting.delete(sessionId);
  }
  // One of ours on its way (sent, not acknowledged yet).
  const held = new Set(client?.outbox().held ?? []);
  return (client?.pending() ?? []).some((envelope) => !held.has(envelope.id) && sessionOf(envelope) === sessionId);
}

let scheduled = false;

/**
 * Looks for held messages to send after the current work (every store change asks: it is
 * cheap). Not at once: the connection reports itself connected before it has rejoined and
 * resent its outbox, and a message released in between would go twice.
 */
function scheduleRelease(): void {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    releaseHeld();
  });
}

let releasing = false;

/** Sends the held messages whose sessions are free. */
export function releaseHeld(): void {
  if (!client || releasing) return;
  const { outbox, connection, editingQueued } = useClaudeStore.getState();
  if (outbox.held.length === 0) return;
  const byId = new Map(client.pending().map((envelope) => [envelope.id, envelope]));
  const held: HeldMessage[] = outbox.held.flatMap((id) => {
    const sessionId = sessionOf(byId.get(id) ?? ({} as Envelope));
    return sessionId === undefined ? [] : [{ id, sessionId }];
  });
  releasing = true; // a release changes the store, which calls this again
  try {
    for (const id of toRelease(held, { connected: connection.state === 'connected', editing: editingQueued, busy })) {
      const sessionId = held.find((m) => m.id === id)?.sessionId;
      if (sessionId !== undefined) awaiting.set(sessionId, id);
      client.release(id);
    }
  } finally {
    releasing = false;
  }
}

export type Queued = { ok: true; envelope: Envelope } | { ok: false; reason: string };

/**
 * Puts a chat message in the outbox: sent now when its session is free and the page is
 * connected, else held. Refused, with the reason, when the outbox is full.
 */
export function queueMessage(sessionId: string, payload: JsonObject): Queued {
  if (!client) throw new Error('startOutbox() was not called');
  const room = client.room(payload);
  if (!room.ok) {
    setOutboxRefusal(room.reason);
    return room;
  }
  setOutboxRefusal(null);
  const connected = useClaudeStore.getState().connection.state === 'connected';
  // Behind a held message of its session it is held too: messages go in the order typed.
  const held = new Set(useClaudeStore.getState().outbox.held);
  const behind = client.pending().some((e) => held.has(e.id) && sessionOf(e) === sessionId);
  const hold = !connected || behind || busy(sessionId);
  const envelope = client.send(MessageType.chatRequest, payload, undefined, { hold });
  if (!hold) awaiting.set(sessionId, envelope.id);
  return { ok: true, envelope };
}

/** Cancels a held message: it never goes. False when it went already. */
export function cancelQueued(sessionId: string, id: string): boolean {
  if (!client?.cancel(id)) return false;
  if (useClaudeStore.getState().editingQueued === id) setEditingQueued(null);
  removeLocal(sessionId, id);
  return true;
}

/** Starts editing a held message: it waits until the edit is saved or dropped. */
export function editQueued(id: string | null): void {
  setEditingQueued(id);
}

/** Saves an edited held message (empty text: nothing changes). False when it went already. */
export function saveQueued(sessionId: string, id: string, text: string): boolean {
  const envelope = client?.pending().find((e) => e.id === id);
  const ok = text.trim().length > 0 && envelope !== undefined && client?.edit(id, { ...envelope.payload, [Field.message]: text }) === true;
  if (ok) retextLocal(sessionId, id, text);
  setEditingQueued(null);
  return ok;
}
