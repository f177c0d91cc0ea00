// A client wired to in-process fakes of the server's side, for unit tests: fake clock,
// fake WebSocket, fake fetch (the reach probe and the HTTP fallback's POSTs) and a fake
// EventSource. The test plays the server.
import type { Envelope } from '../../../types/websocket';
import type { Reach } from '../connection-machine';
import { ClaudeWebSocketClient, type ClientOptions, type ConnectionSnapshot } from '../websocket-client';
import { FakeClock } from './fake-clock';
import { FakeWebSocket } from './fake-websocket';

export class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  close(): void {
    this.readyState = 2;
  }
  push(envelope: object, lastEventId = ''): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(envelope), lastEventId }));
  }
}

export interface Harness {
  client: ClaudeWebSocketClient;
  clock: FakeClock;
  states: ConnectionSnapshot[];
  messages: Envelope[];
  posted: Envelope[];
  setReach(reach: Reach): void;
  setHttpUp(up: boolean): void;
}

export const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

export function env(type: string, payload: object, extra: object = {}) {
  return { id: `s-${crypto.randomUUID()}`, type, payload, timestamp: '2026-11-26T01:40:00.000Z', ...extra };
}

export function harness(overrides: Partial<ClientOptions> = {}): Harness {
  const clock = new FakeClock();
  let reach: Reach = 'unreachable';
  let httpUp = false;
  const posted: Envelope[] = [];
  const fetchImpl = async (url: string, init?: RequestInit): Promise<Response> => {
    await Promise.resolve();
    if (url.endsWith('/api/claude/ws')) {
      if (reach === 'unreachable') throw new TypeError('Failed to fetch');
      return new Response('', { status: reach === 'unauthorized' ? 401 : 426 });
    }
    if (!httpUp) throw new TypeError('Failed to fetch');
    const envelope = JSON.parse(init?.body as string) as Envelope;
    posted.push(envelope);
    const answer = envelope.type === 'ping' ? 'pong' : 'ack';
    return new Response(JSON.stringify(env(answer, {}, { replyTo: envelope.id })), { status: 200 });
  };
  const client = new ClaudeWebSocketClient({
    baseUrl: 'http://127.0.0.1:3000',
    clock,
    random: () => 0.5,
    WebSocketImpl: FakeWebSocket as unknown as typeof WebSocket,
    EventSourceImpl: FakeEventSource as unknown as typeof EventSource,
    fetchImpl,
    ...overrides,
  });
  const states: ConnectionSnapshot[] = [];
  const messages: Envelope[] = [];
  client.onStateChange((s) => states.push(s));
  client.onMessage((m) => messages.push(m));
  return {
    client,
    clock,
    states,
    messages,
    posted,
    setReach: (r) => (reach = r),
    setHttpUp: (up) => (httpUp = up),
  };
}

/** Accepts the latest socket and answers its first ping, as the server would. */
export function acceptAndPong(socket: FakeWebSocket, clock: FakeClock, latencyMs = 7) {
  socket.accept();
  socket.push(env('connection_status', { status: 'connected', connectionId: 'c1', serverVersion: '1', heartbeatIntervalMs: 15000 }));
  const ping = socket.sentOfType('ping').at(-1);
  clock.advance(latencyMs);
  if (ping) socket.push(env('pong', {}, { replyTo: ping.id }));
}
