// What a WebSocket close code means for the person at the keyboard (docs/protocol.md §4.2):
// a short name for logs and the details panel, what happened, and what to do about it.
// The server uses 1001, 1002, 1007, 1008, 1009, 1011 and 1013; 1006 is the browser's word
// for "closed without a close frame" (a cut network, a killed server, a proxy that ends
// WebSockets); the rest are here so that a report never says just a number.

export interface CloseDescription {
  code: number;
  /** A few words, e.g. "message too big". */
  name: string;
  /** What happened, in a sentence. */
  meaning: string;
  /** What to do; the reconnect itself needs nothing from the user. */
  action: string;
}

const reconnects = 'Tether reconnects by itself and resumes where it was; nothing is lost.';

const known: Record<number, Omit<CloseDescription, 'code'>> = {
  1000: { name: 'normal close', meaning: 'The connection was closed on purpose.', action: 'Nothing to do.' },
  1001: {
    name: 'server going away',
    meaning: 'The server is restarting or stopping.',
    action: `Nothing to do: ${reconnects}`,
  },
  1002: {
    name: 'protocol error',
    meaning: 'The server received a broken WebSocket frame.',
    action: 'Something between the browser and the server may be altering WebSocket traffic: turn off "Use WebSocket" in Connection details to use plain HTTP.',
  },
  1003: { name: 'unsupported data', meaning: 'The other side refused a kind of frame it does not take.', action: reconnects },
  1005: { name: 'no close code', meaning: 'The connection was closed without saying why.', action: reconnects },
  1006: {
    name: 'connection dropped',
    meaning: 'The connection ended without a close frame: the network was cut, the server was killed, the device slept, or a proxy ended the WebSocket.',
    action: `${reconnects} If it keeps happening on this network, a proxy may be ending WebSockets: turn off "Use WebSocket" in Connection details.`,
  },
  1007: { name: 'invalid text', meaning: 'The server received text that is not UTF-8.', action: reconnects },
  1008: {
    name: 'policy (rate limit)',
    meaning: 'The server closed the connection by its policy: too many messages in a row were refused as rate-limited.',
    action: `Send less often (the server allows --max-messages-per-second). ${reconnects}`,
  },
  1009: {
    name: 'message too big',
    meaning: 'A message was larger than the server accepts (--max-message-bytes, 8 MiB unless changed).',
    action: 'Send a shorter message, or fewer or smaller images; the server’s limit is its --max-message-bytes. Tether reconnects by itself; the message that was too big is not sent again.',
  },
  1010: { name: 'extension refused', meaning: 'The server did not agree to a WebSocket extension.', action: reconnects },
  1011: {
    name: 'server error',
    meaning: 'The server hit an internal error.',
    action: `Look at the server’s log (tether serve prints it). ${reconnects}`,
  },
  1012: { name: 'service restart', meaning: 'The server is restarting.', action: `Nothing to do: ${reconnects}` },
  1013: {
    name: 'try again later (overloaded)',
    meaning: 'This connection fell too far behind the server: the network or this device could not take the events as fast as they came.',
    action: `Nothing to do: ${reconnects} If it happens often, the network is slow or this tab is very busy.`,
  },
  1014: { name: 'bad gateway', meaning: 'A gateway between the browser and the server got a bad answer.', action: reconnects },
  1015: {
    name: 'TLS failure',
    meaning: 'The secure (TLS) handshake failed.',
    action: 'Check the server’s certificate (--tls-cert) and that the address is right.',
  },
};

export function describeClose(code: number): CloseDescription {
  const entry = known[code];
  if (entry) return { code, ...entry };
  if (code >= 4000 && code <= 4999)
    return { code, name: 'application close', meaning: 'The server closed the connection with an application code.', action: reconnects };
  return { code, name: 'unknown close code', meaning: 'The connection was closed with a code this page does not know.', action: reconnects };
}

/** "1009 message too big", plus the close reason when there is one. */
export function closeLabel(code: number, reason = ''): string {
  const base = `${code} ${describeClose(code).name}`;
  return reason ? `${base} (${reason})` : base;
}

/** Whether this close is worth telling the user about (not a close we asked for). */
export function isTrouble(code: number): boolean {
  return code !== 1000;
}
