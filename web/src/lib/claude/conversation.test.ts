// The outbox's held messages (edited, cancelled, released), its bound, and what it keeps
// across a reload; the transport is a list of what was transmitted.
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../types/websocket';
import { Conversation, OutboxFullError, type OutboxStorage } from './conversation';
import { roomFor } from './outbox-bound';

function setup(options: { open?: boolean; storage?: OutboxStorage; limits?: { messages: number; bytes: number } } = {}) {
  const sent: Envelope[] = [];
  let open = options.open ?? true;
  const conversation = new Conversation((e) => (open ? (sent.push(e), true) : false), options.storage, options.limits);
  let changes = 0;
  conversation.onChange(() => (changes += 1));
  const messages = () => sent.filter((e) => e.type === 'chat_request').map((e) => e.payload.message);
  return { conversation, sent, messages, changes: () => changes, setOpen: (o: boolean) => (open = o) };
}

const chat = (message: string) => ({ sessionId: 's', message });
const ack = (replyTo: string): Envelope => ({ id: `a-${replyTo}`, type: 'ack', payload: {}, timestamp: '', replyTo });

describe('the outbox', () => {
  it('a held message is not sent, not even after a reconnect, until it is released', () => {
    const { conversation, messages, changes } = setup();
    const held = conversation.enqueue('chat_request', chat('later'), undefined, { hold: true });
    conversation.onOpen();
    expect(messages()).toEqual([]);
    expect(conversation.summary().held).toEqual([held.id]);
    expect(changes()).toBe(1);
    expect(conversation.release(held.id)).toBe(true);
    expect(messages()).toEqual(['later']);
    expect(conversation.summary().held).toEqual([]);
    expect(conversation.release(held.id)).toBe(false); // once
    conversation.receive(ack(held.id));
    expect(conversation.pendingIds()).toEqual([]);
  });

  it('a held message can be edited (same id) or cancelled; one that went out cannot', () => {
    const { conversation, messages } = setup();
    const a = conversation.enqueue('chat_request', chat('frist'), undefined, { hold: true });
    const b = conversation.enqueue('chat_request', chat('never mind'), undefined, { hold: true });
    expect(conversation.edit(a.id, chat('first'))).toBe(true);
    expect(conversation.cancel(b.id)).toBe(true);
    expect(conversation.heldIds()).toEqual([a.id]);
    conversation.release(a.id);
    expect(messages()).toEqual(['first']);
    expect(conversation.edit(a.id, chat('too late'))).toBe(false);
    expect(conversation.cancel(a.id)).toBe(false);
    conversation.onOpen(); // resent as it was
    expect(messages()).toEqual(['first', 'first']);
  });

  it('discard stops resending whatever the message’s state', () => {
    const { conversation, sent, setOpen } = setup();
    const answer = conversation.enqueue('permission_response', { sessionId: 's', permissionId: 'p', behavior: 'allow' });
    setOpen(false);
    expect(conversation.discard(answer.id)).toBe(true);
    setOpen(true);
    conversation.onOpen();
    expect(sent.filter((e) => e.id === answer.id)).toHaveLength(1); // only the first try
    expect(conversation.discard(answer.id)).toBe(false);
  });

  it('bounds its chat messages by count and by size, and says so; a message alone always fits', () => {
    const { conversation } = setup({ open: false, limits: { messages: 2, bytes: 400 } });
    const big = 'x'.repeat(500);
    conversation.enqueue('chat_request', chat(big)); // alone: fits, however big
    const refused = conversation.room(chat('small'));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/^The messages waiting to be sent take 0\.0 MB; this one would pass the 0\.0 MB this page keeps/);
    expect(() => conversation.enqueue('chat_request', chat('small'))).toThrow(OutboxFullError);
    // Controls are never refused: an answer must get through.
    conversation.enqueue('chat_cancel', { sessionId: 's' });
    expect(conversation.summary()).toMatchObject({ messages: 1 });
  });

  it('counts messages against the bound until acked or cancelled', () => {
    const { conversation } = setup({ limits: { messages: 2, bytes: 1_000_000 } });
    const a = conversation.enqueue('chat_request', chat('a'));
    const b = conversation.enqueue('chat_request', chat('b'), undefined, { hold: true });
    expect(conversation.room(chat('c'))).toEqual({
      ok: false,
      reason: '2 messages already wait to be sent, the most this page keeps. Wait until they have gone, or cancel some.',
    });
    conversation.receive(ack(a.id));
    expect(conversation.room(chat('c')).ok).toBe(true);
    conversation.cancel(b.id);
    expect(conversation.summary()).toEqual({ messages: 0, bytes: 0, held: [] });
  });

  it('keeps what is held across a reload', () => {
    let saved: Envelope[] = [];
    let held: string[] = [];
    const storage: OutboxStorage = { load: () => saved, save: (e) => (saved = e), loadHeld: () => held, saveHeld: (ids) => (held = ids) };
    const before = setup({ open: false, storage }).conversation;
    const kept = before.enqueue('chat_request', chat('held'), undefined, { hold: true });
    const plain = before.enqueue('chat_request', chat('queued'));
    const after = setup({ storage });
    expect(after.conversation.heldIds()).toEqual([kept.id]);
    after.conversation.onOpen();
    expect(after.messages()).toEqual(['queued']);
    expect(after.conversation.pendingIds()).toEqual([kept.id, plain.id]);
  });

  it('room: count first, then size', () => {
    expect(roomFor({ messages: 0, bytes: 0 }, 10_000_000).ok).toBe(true);
    expect(roomFor({ messages: 3, bytes: 100 }, 100, { messages: 3, bytes: 1000 }).ok).toBe(false);
    expect(roomFor({ messages: 2, bytes: 100 }, 100, { messages: 3, bytes: 1000 }).ok).toBe(true);
  });
});
