// HTTP fallback adapter, for networks that refuse WebSocket upgrades: every client
// envelope is one POST to `/api/claude/messages` (the answer — ack, pong or error — comes
// back as the response body), and each joined session is read from its own SSE stream
// (`/api/claude/stream`). A stream that drops is resumed by the browser itself with
// Last-Event-ID; a server that is gone shows as a failed POST (the heartbeat pings).
// Each stream begins with connection_status; its connectionId goes with every later POST
// (X-Tether-Connection), so the server can say which client answered a permission prompt.
import {
  CONNECTION_HEADER,
  CloseCode,
  Field,
  MessageType,
  Route,
  TransportKind,
  type Envelope,
} from '../../types/websocket';
import { decodeEnvelope, encodeEnvelope, makeEnvelope, splitFrame, str, num } from './envelope';
import { tooLargeError } from './too-large';
import type { Transport, TransportCallbacks } from './transport';

export type EventSourceConstructor = new (url: string, init?: EventSourceInit) => EventSource;
export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

const HTTP_UNAUTHORIZED = 401;
const HTTP_TOO_LARGE = 413;

export class HttpTransport implements Transport {
  readonly kind = TransportKind.http;
  private readonly streams = new Map<string, EventSource>();
  private opened = false;
  private done = false;
  /** The connectionId of the latest stream's connection_status; sent with each POST. */
  private connectionId: string | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly EventSourceImpl: EventSourceConstructor,
    private readonly fetchImpl: FetchFunction,
    private readonly callbacks: TransportCallbacks,
  ) {
    // Open = the server answers a POST. A ping proves the route, the token and the server.
    this.post(makeEnvelope(MessageType.ping, {}));
  }

  send(envelope: Envelope): void {
    if (this.done) return;
    if (envelope.type === MessageType.sessionJoin) {
      this.openStream(str(envelope.payload, Field.sessionId) ?? '', num(envelope.payload, Field.lastSeq) ?? 0);
      return;
    }
    if (envelope.type === MessageType.sessionLeave) {
      const sessionId = str(envelope.payload, Field.sessionId) ?? '';
      this.streams.get(sessionId)?.close();
      this.streams.delete(sessionId);
      // The stream is gone; answer the leave here, as the WebSocket server would.
      const ack = makeEnvelope(MessageType.ack, {});
      ack.replyTo = envelope.id;
      this.callbacks.onFrame(encodeEnvelope(ack));
      return;
    }
    this.post(envelope);
  }

  close(): void {
    this.done = true;
    for (const stream of this.streams.values()) stream.close();
    this.streams.clear();
  }

  private openStream(sessionId: string, lastSeq: number): void {
    this.streams.get(sessionId)?.close();
    const url = `${this.baseUrl}${Route.stream}?${Field.sessionId}=${encodeURIComponent(sessionId)}&${Field.lastSeq}=${lastSeq}`;
    const stream = new this.EventSourceImpl(url, { withCredentials: true });
    stream.onmessage = (event: MessageEvent) => {
      if (this.done || typeof event.data !== 'string') return;
      this.noteConnectionId(event.data);
      this.callbacks.onFrame(event.data);
    };
    stream.onerror = () => {
      // CONNECTING: the browser is already reconnecting with Last-Event-ID; let it.
      // CLOSED: the server answered with an error status; the browser gave up.
      if (stream.readyState === 2 /* CLOSED */) this.fail(CloseCode.abnormal, 'event stream closed');
    };
    this.streams.set(sessionId, stream);
  }

  private noteConnectionId(frame: string): void {
    if (!frame.includes(MessageType.connectionStatus)) return; // most frames: no decode
    for (const line of splitFrame(frame)) {
      const decoded = decodeEnvelope(line);
      if (!decoded.ok || decoded.envelope.type !== MessageType.connectionStatus) continue;
      const id = str(decoded.envelope.payload, Field.connectionId);
      if (id) this.connectionId = id;
    }
  }

  private post(envelope: Envelope): void {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.connectionId !== null) headers[CONNECTION_HEADER] = this.connectionId;
    this.fetchImpl(`${this.baseUrl}${Route.messages}`, {
      method: 'POST',
      headers,
      body: encodeEnvelope(envelope),
      credentials: 'same-origin',
    })
      .then(async (response) => {
        if (this.done) return;
        if (response.status === HTTP_UNAUTHORIZED) {
          this.fail(CloseCode.policy, 'unauthorized', true);
          return;
        }
        if (response.status === HTTP_TOO_LARGE && this.opened) {
          // The body was refused unread ({"error": …}, no envelope): answer for this POST.
          this.callbacks.onFrame(encodeEnvelope(tooLargeError(envelope.id, 'The message is larger than the server accepts (HTTP 413).')));
          return;
        }
        const body = await response.text();
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- TypeScript keeps the narrowing from above across the await, but close() may have run meanwhile
        if (this.done) return;
        if (!this.opened) {
          if (!response.ok) {
            this.fail(CloseCode.abnormal, `HTTP ${response.status}`);
            return;
          }
          this.opened = true;
          this.callbacks.onOpen();
        }
        if (body.length > 0) this.callbacks.onFrame(body);
      })
      .catch(() => { this.fail(CloseCode.abnormal, 'request failed'); });
  }

  private fail(code: number, reason: string, unauthorized = false): void {
    if (this.done) return;
    const opened = this.opened;
    this.close();
    this.callbacks.onClose({ code, reason, opened, unauthorized });
  }
}
