// The envelope codec of protocol v1 §2: text -> checked Envelope, Envelope -> text.
// Decoding never throws; it says what is wrong, so a bad frame from a broken peer is
// dropped with a reason instead of taking the client down.
import {
  Field,
  isMessageType,
  type Envelope,
  type JsonObject,
  type JsonValue,
  type MessageType,
} from '../../types/websocket';

export type Decoded = { ok: true; envelope: Envelope } | { ok: false; reason: string };

const MAX_ID_BYTES = 128;

/** Envelopes in one frame are separated by '\n'; empty lines are skipped. */
export function splitFrame(frame: string): string[] {
  return frame.split('\n').filter((line) => line.trim().length > 0);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function decodeEnvelope(text: string): Decoded {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  return toEnvelope(raw);
}

export function toEnvelope(raw: unknown): Decoded {
  if (!isObject(raw)) return { ok: false, reason: 'not an object' };
  const id = raw[Field.id];
  // A UTF-16 code unit is at most 3 UTF-8 bytes: only a longer id needs encoding to be measured.
  if (typeof id !== 'string' || id.length === 0 || (id.length > MAX_ID_BYTES / 3 && new TextEncoder().encode(id).length > MAX_ID_BYTES))
    return { ok: false, reason: 'bad id' };
  const type = raw[Field.type];
  if (typeof type !== 'string' || !isMessageType(type)) return { ok: false, reason: `unknown type ${JSON.stringify(type)}` };
  const payload = raw[Field.payload] ?? {};
  if (!isObject(payload)) return { ok: false, reason: 'payload is not an object' };
  const timestamp = raw[Field.timestamp] ?? '';
  if (typeof timestamp !== 'string') return { ok: false, reason: 'bad timestamp' };
  const envelope: Envelope = { id, type, payload, timestamp };
  const replyTo = raw[Field.replyTo];
  if (replyTo !== undefined) {
    if (typeof replyTo !== 'string') return { ok: false, reason: 'bad replyTo' };
    envelope.replyTo = replyTo;
  }
  const seq = raw[Field.seq];
  if (seq !== undefined) {
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return { ok: false, reason: 'bad seq' };
    envelope.seq = seq;
  }
  return { ok: true, envelope };
}

/** The JSON object of an envelope, with the fields in the order the C++ side writes them. */
export function envelopeToJson(envelope: Envelope): JsonObject {
  const json: JsonObject = {
    [Field.id]: envelope.id,
    [Field.type]: envelope.type,
    [Field.payload]: envelope.payload,
    [Field.timestamp]: envelope.timestamp,
  };
  if (envelope.replyTo !== undefined) json[Field.replyTo] = envelope.replyTo;
  if (envelope.seq !== undefined) json[Field.seq] = envelope.seq;
  return json;
}

export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelopeToJson(envelope));
}

/** Current time as ISO-8601 UTC with milliseconds (informative only). */
export function nowTimestamp(now: number = Date.now()): string {
  return new Date(now).toISOString();
}

/** What generateId needs of `crypto`: randomUUID is missing on a plain-http page. */
export type IdSource = Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>>;

/**
 * A unique id for a client message (§2: a string of 1–128 bytes, unique; a resend keeps
 * it). crypto.randomUUID() exists only on secure pages (https, localhost); on a plain-http
 * LAN address 128 random bits from crypto.getRandomValues(), which every page has, in hex.
 */
export function generateId(source: IdSource = crypto): string {
  if (source.randomUUID) return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function makeEnvelope(type: MessageType, payload: JsonObject, id: string = generateId()): Envelope {
  return { id, type, payload, timestamp: nowTimestamp() };
}

/** Reads a string field of a payload, or undefined. */
export function str(payload: JsonObject, key: string): string | undefined {
  const value: JsonValue | undefined = payload[key];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a number field of a payload, or undefined. */
export function num(payload: JsonObject, key: string): number | undefined {
  const value: JsonValue | undefined = payload[key];
  return typeof value === 'number' ? value : undefined;
}

/** Reads an object field of a payload, or undefined. */
export function obj(payload: JsonObject, key: string): JsonObject | undefined {
  const value: JsonValue | undefined = payload[key];
  return isObject(value) ? value : undefined;
}
