// A message too big for the server must not be sent again and again. Over WebSocket the
// server refuses it from the frame's header, before it can read the id: it sends
// `message_too_large` without replyTo and closes with 1009. The client then answers for
// the server: the largest message still waiting for its ack is the one (a frame over the
// limit is the only cause of 1009, and only outbox messages can be large), and a local
// `message_too_large` error with its replyTo settles it, exactly as a server error would
// (the outbox drops it, the page marks it not sent). Over HTTP a 413 is the answer to
// the POST that carried it.
import { ErrorCode, Field, MessageType, type Envelope } from '../../types/websocket';
import { encodeEnvelope, makeEnvelope } from './envelope';

/** An error envelope, as the server would send it, for a message it refused as too large. */
export function tooLargeError(replyTo: string, message: string): Envelope {
  const error = makeEnvelope(MessageType.error, {
    [Field.code]: ErrorCode.messageTooLarge,
    [Field.message]: message,
    [Field.hint]: 'Send a shorter message, or fewer or smaller images.',
  });
  error.replyTo = replyTo;
  return error;
}

/** The waiting message that made the server close with 1009: the largest one. */
export function culpritOfTooLarge(pending: Envelope[]): Envelope | undefined {
  let largest: Envelope | undefined;
  let largestSize = -1;
  for (const envelope of pending) {
    const size = encodeEnvelope(envelope).length;
    if (size > largestSize) {
      largest = envelope;
      largestSize = size;
    }
  }
  return largest;
}
