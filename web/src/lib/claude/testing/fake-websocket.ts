// An in-process fake of the browser WebSocket, driven by the test as the "server":
// accept or refuse the connection, push frames, close. Records what the client sent.
import type { Envelope } from '../../../types/websocket';

type Handler<E> = ((event: E) => void) | null;

export class FakeWebSocket {
  static instances: FakeWebSocket[] = [];
  static reset(): void {
    FakeWebSocket.instances = [];
  }
  static latest(): FakeWebSocket {
    const socket = FakeWebSocket.instances.at(-1);
    if (!socket) throw new Error('no socket was created');
    return socket;
  }

  readyState = 0;
  sent: string[] = [];
  closedByClient = false;
  onopen: Handler<Event> = null;
  onmessage: Handler<MessageEvent> = null;
  onclose: Handler<CloseEvent> = null;
  onerror: Handler<Event> = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(data);
  }

  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }

  // ---- the test's side ----

  accept(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  push(...envelopes: object[]): void {
    this.pushText(envelopes.map((e) => JSON.stringify(e)).join('\n'));
  }

  pushText(text: string): void {
    this.onmessage?.(new MessageEvent('message', { data: text }));
  }

  /** The server or the network ends the connection (1006 = no close frame). */
  drop(code = 1006): void {
    if (this.readyState === 3 && this.closedByClient) return;
    this.readyState = 3;
    this.onerror?.(new Event('error'));
    this.onclose?.(new CloseEvent('close', { code, reason: '' }));
  }

  /** Every envelope the client sent, decoded. */
  envelopes(): Envelope[] {
    return this.sent.flatMap((frame) => frame.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Envelope));
  }

  sentOfType(type: string): Envelope[] {
    return this.envelopes().filter((e) => e.type === type);
  }
}
