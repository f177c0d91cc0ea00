// How much the outbox may hold of the user's messages (chat_requests waiting to be sent,
// or for their ack): typed offline or while a reply runs, they wait in this page (and in
// sessionStorage, whose quota is a few MB), so there is a bound. A message that would
// pass it is refused, and the words say why. A message alone always fits: the image
// limits bound a single message already.
export interface OutboxLimits {
  messages: number;
  bytes: number;
}

export const defaultOutboxLimits: OutboxLimits = { messages: 50, bytes: 5 * 1024 * 1024 };

export interface OutboxUse {
  messages: number;
  bytes: number;
}

export type Room = { ok: true } | { ok: false; reason: string };

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Whether one more message of `bytes` fits beside what waits already. */
export function roomFor(use: OutboxUse, bytes: number, limits: OutboxLimits = defaultOutboxLimits): Room {
  if (use.messages === 0) return { ok: true };
  if (use.messages >= limits.messages)
    return { ok: false, reason: `${use.messages} messages already wait to be sent, the most this page keeps. Wait until they have gone, or cancel some.` };
  if (use.bytes + bytes > limits.bytes)
    return { ok: false, reason: `The messages waiting to be sent take ${megabytes(use.bytes)}; this one would pass the ${megabytes(limits.bytes)} this page keeps. Wait until they have gone, or cancel some.` };
  return { ok: true };
}

/** What a message takes in the outbox (its JSON; images are base64 text, one byte a character). */
export function envelopeBytes(envelope: object): number {
  return JSON.stringify(envelope).length;
}
