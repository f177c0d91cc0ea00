// WebSocket adapter: the live, two-way channel (`/api/claude/ws`). The constructor is
// injected so unit tests can use a fake socket.
import { CloseCode, TransportKind, type Envelope } from '../../types/websocket';
import { encodeEnvelope } from './envelope';
import type { Transport, TransportCallbacks } from './transport';

export type WebSocketConstructor = new (url: string) => WebSocket;

export class WebSocketTransport implements Transport {
  readonly kind = TransportKind.websocket;
  private readonly socket: WebSocket;
  private opened = false;
  private done = false;

  constructor(url: string, Impl: WebSocketConstructor, private readonly callbacks: TransportCallbacks) {
    this.socket = new Impl(url);
    this.socket.onopen = () => {
      if (this.done) return;
      this.opened = true;
      callbacks.onOpen();
    };
    this.socket.onmessage = (event: MessageEvent) => {
      // The protocol has text frames only; the server never sends binary ones.
      if (!this.done && typeof event.data === 'string') callbacks.onFrame(event.data);
    };
    // 'error' is always followed by 'close', which carries the code: report once, there.
    this.socket.onclose = (event: CloseEvent) => { this.finish(event.code, event.reason); };
  }

  send(envelope: Envelope): void {
    if (this.done || this.socket.readyState !== 1 /* OPEN */) return;
    this.socket.send(encodeEnvelope(envelope));
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    try {
      this.socket.close(CloseCode.normal);
    } catch {
      // Closing a socket that is still connecting may throw in old browsers; it is gone either way.
    }
  }

  private finish(code: number, reason: string): void {
    if (this.done) return;
    this.done = true;
    this.callbacks.onClose({ code, reason, opened: this.opened });
  }
}
