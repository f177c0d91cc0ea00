// The codec against the golden envelopes in protocol/fixtures (shared with the C++
// suite): every file must decode and re-encode to the same JSON.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MessageType, isClientMessage } from '../../types/websocket';
import { decodeEnvelope, encodeEnvelope, envelopeToJson, splitFrame } from './envelope';

const fixtureDir = join(import.meta.dirname, '../../../../protocol/fixtures');
const fixtures = readdirSync(fixtureDir).filter((name) => name.endsWith('.json'));

describe('golden envelopes', () => {
  it('exist', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures)('%s round-trips through the decoder', (name) => {
    const text = readFileSync(join(fixtureDir, name), 'utf8');
    const decoded = decodeEnvelope(text);
    if (!decoded.ok) throw new Error(`${name}: ${decoded.reason}`);
    const original: unknown = JSON.parse(text);
    const reencoded: unknown = JSON.parse(encodeEnvelope(decoded.envelope));
    // An absent payload decodes as {} and is written back as {}.
    expect(reencoded).toEqual({ payload: {}, ...(original as object) });
  });
});

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
