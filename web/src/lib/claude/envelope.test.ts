// The envelope codec: what it refuses, what it fills in, how frames split. (The golden
// envelopes are round-tripped in src/types/websocket.fixtures.test.ts.)
import { describe, expect, it } from 'vitest';
import { MessageType, isClientMessage } from '../../types/websocket';
import { decodeEnvelope, encodeEnvelope, envelopeToJson, generateId, makeEnvelope, splitFrame, type IdSource } from './envelope';

describe('envelope codec', () => {
  const base = { id: 'c-1', type: 'ping', payload: {}, timestamp: '2026-11-26T01:40:00.123Z' };

  it('rejects what the protocol forbids, with a reason', () => {
    const bad = (value: unknown) => decodeEnvelope(JSON.stringify(value));
    expect(decodeEnvelope('{').ok).toBe(false);
    expect(bad([1]).ok).toBe(false);
    expect(bad({ ...base, id: '' }).ok).toBe(false);
    expect(bad({ ...base, id: 'x'.repeat(129) }).ok).toBe(false);
    expect(bad({ ...base, type: 'nope' }).ok).toBe(false);
    expect(bad({ ...base, payload: [] }).ok).toBe(false);
    expect(bad({ ...base, seq: 0 }).ok).toBe(false);
    expect(bad({ ...base, seq: 1.5 }).ok).toBe(false);
    expect(bad({ ...base, replyTo: 5 }).ok).toBe(false);
  });

  it('fills an absent payload with {} and keeps replyTo and seq', () => {
    const decoded = decodeEnvelope(JSON.stringify({ id: 'a', type: 'ack', timestamp: 't', replyTo: 'c-1', seq: 4 }));
    expect(decoded.ok && envelopeToJson(decoded.envelope)).toEqual({ id: 'a', type: 'ack', payload: {}, timestamp: 't', replyTo: 'c-1', seq: 4 });
  });

  it('splits batched frames on newlines and skips empty lines', () => {
    expect(splitFrame('a\n\nb\n')).toEqual(['a', 'b']);
  });

  it('knows which types a client may send', () => {
    expect(isClientMessage(MessageType.chatRequest)).toBe(true);
    expect(isClientMessage(MessageType.permissionResponse)).toBe(true);
    expect(isClientMessage(MessageType.chatStream)).toBe(false);
    expect(isClientMessage(MessageType.ack)).toBe(false);
  });
});

describe('message ids', () => {
  it('are crypto.randomUUID() where the page has it, unique, and valid envelope ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => generateId()));
    expect(ids.size).toBe(1000);
    const [id = ''] = ids;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(decodeEnvelope(encodeEnvelope(makeEnvelope(MessageType.ping, {}))).ok).toBe(true);
  });

  it('come from getRandomValues on a plain-http page, which has no randomUUID', () => {
    const plainHttp: IdSource = { getRandomValues: crypto.getRandomValues.bind(crypto) };
    const ids = new Set(Array.from({ length: 1000 }, () => generateId(plainHttp)));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});
