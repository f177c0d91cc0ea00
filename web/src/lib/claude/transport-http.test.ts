// The HTTP fallback's POSTs say which connection they come from: the connectionId of
// the SSE stream's connection_status (the server names it as who answered a prompt).
import { describe, expect, it } from 'vitest';
import { HttpTransport } from './transport-http';
import { makeEnvelope } from './envelope';

class FakeEventSource {
  static latest: FakeEventSource | null = null;
  readyState = 0;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.latest = this;
  }
  close(): void {
    this.readyState = 2;
  }
  push(data: string): void {
    this.onmessage?.(new MessageEvent('message', { data }));
  }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('HttpTransport', () => {
  it('sends X-Tether-Connection with each POST once the stream named the connection', async () => {
    const headers: (string | null)[] = [];
    const frames: string[] = [];
    const fetchImpl = (_url: string, init?: RequestInit) => {
      headers.push(new Headers(init?.headers).get('X-Tether-Connection'));
      return Promise.resolve(new Response('', { status: 200 }));
    };
    const transport = new HttpTransport('http://x', FakeEventSource as unknown as typeof EventSource, fetchImpl, {
      onOpen: () => undefined,
      onFrame: (text) => frames.push(text),
      onClose: () => undefined,
    });
    await flush();
    expect(headers).toEqual([null]); // the opening ping: no stream yet
    transport.send(makeEnvelope('session_join', { sessionId: 's1', lastSeq: 0 }));
    const status = JSON.stringify({ id: 'c', type: 'connection_status', payload: { status: 'connected', connectionId: 'sse-42', serverVersion: '1', heartbeatIntervalMs: 15000 }, timestamp: '' });
    FakeEventSource.latest?.push(status);
    expect(frames).toEqual([status]); // still passed on
    transport.send(makeEnvelope('permission_response', { sessionId: 's1', permissionId: 'p1', behavior: 'allow' }));
    await flush();
    expect(headers).toEqual([null, 'sse-42']);
    transport.close();
  });

  it('answers a POST refused as too large (413, no envelope) with an error naming that message', async () => {
    const frames: string[] = [];
    let first = true;
    const fetchImpl = () => {
      const status = first ? 200 : 413;
      first = false;
      return Promise.resolve(new Response(status === 413 ? '{"error":{"code":"message_too_large","message":"The request body is too large.","hint":""}}' : '', { status }));
    };
    const transport = new HttpTransport('http://x', FakeEventSource as unknown as typeof EventSource, fetchImpl, {
      onOpen: () => undefined,
      onFrame: (text) => frames.push(text),
      onClose: () => undefined,
    });
    await flush();
    const big = makeEnvelope('chat_request', { sessionId: 's1', message: 'x'.repeat(100) });
    transport.send(big);
    await flush();
    expect(frames).toHaveLength(1);
    expect(JSON.parse(frames[0] ?? '{}')).toMatchObject({ type: 'error', replyTo: big.id, payload: { code: 'message_too_large' } });
    transport.close();
  });
});
