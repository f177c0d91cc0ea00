// @vitest-environment jsdom
// The client against an in-process fake server: fake clock, fake socket, fake
// fetch/EventSource. Assertions are on what the "server" received and on the client's
// public state and messages.
import { afterEach, assert, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../types/websocket';
import { ClaudeWebSocketClient } from './websocket-client';
import { FakeClock } from './testing/fake-clock';
import { FakeWebSocket } from './testing/fake-websocket';
import { FakeEventSource, acceptAndPong, env, flush, harness, type Harness } from './testing/client-harness';

beforeEach(() => {
  FakeWebSocket.reset();
  FakeEventSource.instances = [];
});
afterEach(() => undefined);

describe('ClaudeWebSocketClient: connecting', () => {
  it('connects, reports latency from ping/pong, and uses ws:// on the same host', () => {
    const h = harness();
    h.client.connect();
    expect(h.client.state.state).toBe('connecting');
    const socket = FakeWebSocket.latest();
    expect(socket.url).toBe('ws://127.0.0.1:3000/api/claude/ws');
    acceptAndPong(socket, h.clock, 12);
    expect(h.client.state).toMatchObject({ state: 'connected', latencyMs: 12, transport: 'websocket', isReconnecting: false });
    expect(h.messages.map((m) => m.type)).toEqual(['connection_status']); // our pongs are not passed on
  });

  it('gives up on a connect that takes more than 10 s and retries', async () => {
    const h = harness();
    h.client.connect();
    h.clock.advance(9999);
    expect(FakeWebSocket.instances).toHaveLength(1);
    h.clock.advance(1);
    await flush();
    expect(FakeWebSocket.instances[0]?.closedByClient).toBe(true);
    expect(h.client.state).toMatchObject({ state: 'connecting', isReconnecting: true, reconnectAttempts: 1 });
  });

  it('retries on the 1-2-4-8-16 s schedule, 5 times, then tries HTTP, then stops', async () => {
    const h = harness();
    h.client.connect();
    const gaps: number[] = [];
    for (let i = 0; i < 5; i++) {
      FakeWebSocket.latest().drop();
      await flush();
      const state = h.client.state;
      expect(state.reconnectAttempts).toBe(i + 1);
      expect(state.maxReconnectAttempts).toBe(5);
      const gap = (state.nextRetryAt ?? 0) - h.clock.now();
      gaps.push(gap);
      const before = FakeWebSocket.instances.length;
      h.clock.advance(gap - 1);
      expect(FakeWebSocket.instances.length).toBe(before);
      h.clock.advance(1);
      expect(FakeWebSocket.instances.length).toBe(before + 1);
    }
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 16000]);
    FakeWebSocket.latest().drop();
    await flush(); // HTTP fallback tried; the server is down there too
    await flush();
    expect(h.client.state).toMatchObject({ state: 'disconnected', failure: 'unreachable', isReconnecting: false });
    h.clock.advance(120000);
    expect(FakeWebSocket.instances).toHaveLength(6);
  });

  it('Retry after the retries are used up connects at once with fresh attempts', async () => {
    const h = harness({});
    h.client.connect();
    for (let i = 0; i < 6; i++) {
      FakeWebSocket.latest().drop();
      await flush();
      await flush();
      h.clock.advance(16000);
    }
    expect(h.client.state.state).toBe('disconnected');
    h.client.reconnect();
    expect(FakeWebSocket.instances).toHaveLength(7);
    acceptAndPong(FakeWebSocket.latest(), h.clock);
    expect(h.client.state).toMatchObject({ state: 'connected', reconnectAttempts: 0 });
  });

  it('reports a refused token as an error, and does not retry', async () => {
    const h = harness();
    h.setReach('unauthorized');
    h.client.connect();
    FakeWebSocket.latest().drop();
    await flush();
    expect(h.client.state).toMatchObject({ state: 'error', failure: 'unauthorized' });
    h.clock.advance(60000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('offline shows disconnected at once; online reconnects without waiting', () => {
    const h = harness();
    h.client.connect();
    acceptAndPong(FakeWebSocket.latest(), h.clock);
    h.client.setOnline(false);
    expect(h.client.state).toMatchObject({ state: 'disconnected', failure: 'offline' });
    expect(FakeWebSocket.latest().closedByClient).toBe(true);
    h.client.setOnline(true);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('ignores callbacks from a replaced socket', async () => {
    const h = harness();
    h.client.connect();
    const first = FakeWebSocket.latest();
    acceptAndPong(first, h.clock);
    first.drop();
    await flush();
    h.clock.advance(1000);
    const second = FakeWebSocket.latest();
    acceptAndPong(second, h.clock);
    first.push(env('chat_stream', { sessionId: 's', requestId: 'r', delta: 'ghost', isComplete: false }, { seq: 99 }));
    first.drop();
    await flush();
    expect(h.client.state.state).toBe('connected');
    expect(h.messages.some((m) => m.seq === 99)).toBe(false);
  });
});

describe('ClaudeWebSocketClient: heartbeat', () => {
  it('detects a dead connection when a pong does not come', async () => {
    const h = harness();
    h.client.connect();
    const socket = FakeWebSocket.latest();
    acceptAndPong(socket, h.clock);
    h.clock.advance(15000); // next ping
    expect(socket.sentOfType('ping')).toHaveLength(2);
    h.clock.advance(10000); // no pong
    await flush();
    expect(h.client.state).toMatchObject({ state: 'connecting', isReconnecting: true, reconnectAttempts: 1 });
    expect(socket.closedByClient).toBe(true);
  });

  it('a late timer (throttled tab) is not a dead connection: it pings again', () => {
    const h = harness();
    h.client.connect();
    const socket = FakeWebSocket.latest();
    acceptAndPong(socket, h.clock);
    h.clock.advance(15000); // ping 2 goes out
    h.clock.advanceLate(60000); // tab frozen: the pong deadline runs 50 s late
    expect(h.client.state.state).toBe('connected');
    const pings = socket.sentOfType('ping');
    expect(pings).toHaveLength(3);
    socket.push(env('pong', {}, { replyTo: pings[2]?.id }));
    expect(h.client.state.state).toBe('connected');
  });

  it('wake checks the link at once and finds a dead one within 5 s', async () => {
    const h = harness();
    h.client.connect();
    const socket = FakeWebSocket.latest();
    acceptAndPong(socket, h.clock);
    h.client.wake();
    expect(socket.sentOfType('ping')).toHaveLength(2);
    h.clock.advance(5000);
    await flush();
    expect(h.client.state.isReconnecting).toBe(true);
  });

  it('wake during a backoff reconnects without waiting it out', async () => {
    const h = harness();
    h.client.connect();
    FakeWebSocket.latest().drop();
    await flush();
    FakeWebSocket.latest();
    h.clock.advance(1000);
    FakeWebSocket.latest().drop();
    await flush();
    expect(h.client.state.reconnectAttempts).toBe(2);
    h.client.wake();
    expect(FakeWebSocket.instances).toHaveLength(3);
  });
});

describe('ClaudeWebSocketClient: outbox, acks, resume', () => {
  it('queues while disconnected, sends after open, keeps until acked, resends with the same id', async () => {
    const h = harness();
    h.client.join('s1');
    const sent = h.client.send('chat_request', { sessionId: 's1', message: 'hello' });
    expect(h.client.pendingIds()).toEqual([sent.id]);
    h.client.connect();
    const first = FakeWebSocket.latest();
    first.accept();
    expect(first.sentOfType('session_join').map((e) => e.payload)).toEqual([{ sessionId: 's1', lastSeq: 0 }]);
    expect(first.sentOfType('chat_request').map((e) => e.id)).toEqual([sent.id]);
    first.drop(); // no ack came
    await flush();
    h.clock.advance(1000);
    const second = FakeWebSocket.latest();
    second.accept();
    expect(second.sentOfType('chat_request').map((e) => e.id)).toEqual([sent.id]);
    second.push(env('ack', {}, { replyTo: sent.id }));
    expect(h.client.pendingIds()).toEqual([]);
    second.drop();
    await flush();
    h.clock.advance(1000);
    FakeWebSocket.latest().accept();
    expect(FakeWebSocket.latest().sentOfType('chat_request')).toHaveLength(0); // never twice once acked
  });

  it('keeps the outbox in storage, so a reloaded page resends what was not acked', () => {
    let saved: Envelope[] = [];
    const storage = { load: () => saved, save: (e: Envelope[]) => (saved = e) };
    const make = () =>
      new ClaudeWebSocketClient({ baseUrl: 'http://x', clock: new FakeClock(), WebSocketImpl: FakeWebSocket as unknown as typeof WebSocket, fetchImpl: () => Promise.reject(new Error('down')), outboxStorage: storage });
    const before = make();
    const kept = before.send('chat_request', { sessionId: 's', message: 'survive' });
    const acked = before.send('chat_request', { sessionId: 's', message: 'done' });
    before.connect();
    FakeWebSocket.latest().accept();
    FakeWebSocket.latest().push(env('ack', {}, { replyTo: acked.id }));
    expect(saved.map((e) => e.id)).toEqual([kept.id, acked.id].slice(0, 1));
    const after = make(); // the page was reloaded
    expect(after.pending().map((e) => e.id)).toEqual([kept.id]);
    after.connect();
    FakeWebSocket.latest().accept();
    expect(FakeWebSocket.latest().sentOfType('chat_request').map((e) => e.id)).toEqual([kept.id]);
  });

  it('sends a rate-limited message again after a second, with the same id', () => {
    const h = harness();
    h.client.connect();
    const socket = FakeWebSocket.latest();
    acceptAndPong(socket, h.clock);
    const sent = h.client.send('chat_request', { sessionId: 's', message: 'x' });
    socket.push(env('error', { code: 'rate_limited', message: 'slow down', hint: '' }, { replyTo: sent.id }));
    h.clock.advance(999);
    expect(socket.sentOfType('chat_request').map((e) => e.id)).toEqual([sent.id]);
    h.clock.advance(1);
    expect(socket.sentOfType('chat_request').map((e) => e.id)).toEqual([sent.id, sent.id]);
    socket.push(env('ack', {}, { replyTo: sent.id }));
    h.clock.advance(5000);
    expect(socket.sentOfType('chat_request')).toHaveLength(2);
    expect(h.client.pendingIds()).toEqual([]);
  });

  it('drops a message from the outbox on a permanent error, keeps it on a transient one', () => {
    const h = harness();
    h.client.connect();
    const socket = FakeWebSocket.latest();
    acceptAndPong(socket, h.clock);
    const a = h.client.send('chat_request', { sessionId: 'gone', message: 'x' });
    const b = h.client.send('chat_request', { sessionId: 's', message: 'y' });
    socket.push(env('error', { code: 'session_not_found', message: 'no', hint: '' }, { replyTo: a.id }));
    socket.push(env('error', { code: 'rate_limited', message: 'slow', hint: '' }, { replyTo: b.id }));
    expect(h.client.pendingIds()).toEqual([b.id]);
  });

  it('rejoins with the last applied seq and drops replayed duplicates', async () => {
    const h = harness();
    h.client.join('s1');
    h.client.connect();
    const first = FakeWebSocket.latest();
    acceptAndPong(first, h.clock);
    const stream = (seq: number, delta: string) => env('chat_stream', { sessionId: 's1', requestId: 'r', delta, isComplete: false }, { seq });
    first.push(stream(1, 'a'), stream(2, 'b'), stream(3, 'c'));
    first.drop();
    await flush();
    h.clock.advance(1000);
    const second = FakeWebSocket.latest();
    second.accept();
    expect(second.sentOfType('session_join').map((e) => e.payload)).toEqual([{ sessionId: 's1', lastSeq: 3 }]);
    second.push(stream(2, 'b'), stream(3, 'c'), stream(4, 'd')); // a server replaying too much
    const deltas = h.messages.filter((m) => m.type === 'chat_stream').map((m) => m.payload.delta);
    expect(deltas).toEqual(['a', 'b', 'c', 'd']);
    expect(h.client.lastSeq('s1')).toBe(4);
  });

  it('splits batched frames and skips broken lines', () => {
    const h = harness();
    h.client.join('s1');
    h.client.connect();
    const socket = FakeWebSocket.latest();
    acceptAndPong(socket, h.clock);
    const a = JSON.stringify(env('session_update', { sessionId: 's1', status: 'idle', backend: 'echo', headSeq: 1 }, { seq: 1 }));
    socket.pushText(`${a}\n\nnot json\n{"id":"x","type":"bogus"}\n`);
    expect(h.messages.filter((m) => m.type === 'session_update')).toHaveLength(1);
  });
});

describe('ClaudeWebSocketClient: HTTP fallback', () => {
  it('uses POST + SSE when upgrades are refused, then returns to the WebSocket', async () => {
    const h = harness();
    h.setReach('reachable');
    h.setHttpUp(true);
    h.client.join('s1');
    const queued = h.client.send('chat_request', { sessionId: 's1', message: 'via http' });
    h.client.connect();
    FakeWebSocket.latest().drop(); // upgrade blocked by a proxy
    await flush();
    await flush();
    expect(h.client.state).toMatchObject({ state: 'connected', transport: 'http', fallbackReason: 'upgrade_refused' });
    expect(h.client.state.latencyMs).not.toBeNull();
    const source = FakeEventSource.instances.at(-1);
    expect(source?.url).toBe('http://127.0.0.1:3000/api/claude/stream?sessionId=s1&lastSeq=0');
    expect(h.posted.map((e) => e.type)).toContain('chat_request');
    await flush();
    expect(h.client.pendingIds()).not.toContain(queued.id);
    source?.push(env('chat_stream', { sessionId: 's1', requestId: queued.id, delta: 'hi', isComplete: true }, { seq: 5 }), '5');
    expect(h.messages.some((m) => m.seq === 5)).toBe(true);

    // Background re-probe of the WebSocket after 30 s.
    const sockets = FakeWebSocket.instances.length;
    h.clock.advance(30000);
    expect(FakeWebSocket.instances.length).toBe(sockets + 1);
    const probe = FakeWebSocket.latest();
    probe.accept();
    expect(h.client.state).toMatchObject({ state: 'connected', transport: 'websocket', fallbackReason: null });
    expect(source?.readyState).toBe(2); // the SSE stream is closed
    expect(probe.sentOfType('session_join').map((e) => e.payload)).toEqual([{ sessionId: 's1', lastSeq: 5 }]);
  });

  it('falls back to HTTP after the WebSocket retries are used up', async () => {
    const h = harness();
    h.client.connect();
    for (let i = 0; i < 5; i++) {
      FakeWebSocket.latest().drop();
      await flush();
      h.clock.advance(16000);
    }
    h.setHttpUp(true);
    FakeWebSocket.latest().drop();
    await flush();
    await flush();
    expect(h.client.state).toMatchObject({ state: 'connected', transport: 'http', fallbackReason: 'retries_exhausted' });
  });
});

describe('ClaudeWebSocketClient: joining a long session at its tail (§3.1)', () => {
  const update = (extra: object, replyTo: string) => env('session_update', { sessionId: 's1', status: 'idle', backend: 'echo', headSeq: 900, ...extra }, { replyTo });
  const request = (seq: number) => env('chat_request', { sessionId: 's1', requestId: `r${seq}`, message: 'm' }, { seq });

  function joined(h: Harness) {
    const starts: { sessionId: string; historyStart: number; hasOlder: boolean }[] = [];
    h.client.onHistoryStart((start) => starts.push(start));
    h.client.join('s1', 0, { tailTurns: 30 });
    h.client.connect();
    const socket = FakeWebSocket.latest();
    acceptAndPong(socket, h.clock);
    const join = () => {
      const sent = socket.sentOfType('session_join').at(-1);
      assert.exists(sent, 'no session_join was sent');
      return sent;
    };
    return { starts, socket, join };
  }

  it('asks for the tail with nothing held, and reports where the history held starts', () => {
    const h = harness();
    const { starts, socket, join } = joined(h);
    expect(join().payload).toEqual({ sessionId: 's1', lastSeq: 0, tailTurns: 30 });
    socket.push(request(850), request(880));
    expect(starts).toEqual([]); // only the answer says where it starts
    socket.push(update({ historyStart: 850, hasOlder: true }, join().id));
    expect(starts).toEqual([{ sessionId: 's1', historyStart: 850, hasOlder: true }]);
    expect(h.client.lastSeq('s1')).toBe(880); // the resume point is the head, never the start
    expect(h.messages.at(-1)).toMatchObject({ type: 'session_update', replyTo: join().id }); // passed on as before
  });

  it('a reconnect rejoins with its lastSeq and no tail, and its answer changes no start', async () => {
    const h = harness();
    const { starts, socket, join } = joined(h);
    socket.push(request(850), update({ historyStart: 850, hasOlder: true }, join().id));
    socket.drop();
    await flush();
    h.clock.advance(1000);
    const second = FakeWebSocket.latest();
    second.accept();
    const rejoin = second.sentOfType('session_join');
    expect(rejoin.map((e) => e.payload)).toEqual([{ sessionId: 's1', lastSeq: 850 }]);
    second.push(update({ historyStart: 851, hasOlder: true }, rejoin[0]?.id ?? ''));
    expect(starts).toHaveLength(1);
  });

  it('a reconnect before anything arrived asks for the tail again', async () => {
    const h = harness();
    const { starts, socket } = joined(h);
    socket.drop();
    await flush();
    h.clock.advance(1000);
    const second = FakeWebSocket.latest();
    second.accept();
    const rejoin = second.sentOfType('session_join');
    expect(rejoin.map((e) => e.payload)).toEqual([{ sessionId: 's1', lastSeq: 0, tailTurns: 30 }]);
    second.push(update({ historyStart: 1, hasOlder: false }, rejoin[0]?.id ?? ''));
    expect(starts).toEqual([{ sessionId: 's1', historyStart: 1, hasOlder: false }]);
  });

  it('an answer lost with its connection: the start is the first event that arrived', async () => {
    const h = harness();
    const { starts, socket } = joined(h);
    socket.push(request(850), request(880)); // the tail, then the link drops before the answer
    socket.drop();
    await flush();
    h.clock.advance(1000);
    const second = FakeWebSocket.latest();
    second.accept();
    const rejoin = second.sentOfType('session_join');
    expect(rejoin.map((e) => e.payload)).toEqual([{ sessionId: 's1', lastSeq: 880 }]);
    second.push(update({ historyStart: 881, hasOlder: true }, rejoin[0]?.id ?? ''));
    expect(starts).toEqual([{ sessionId: 's1', historyStart: 850, hasOlder: true }]);
  });

  it('an older server (no historyStart) replays everything: no start is reported, as before', () => {
    const h = harness();
    const { starts, socket, join } = joined(h);
    socket.push(request(1), request(2), update({}, join().id));
    expect(starts).toEqual([]);
    expect(h.messages.filter((m) => m.type === 'chat_request')).toHaveLength(2);
  });

  it('a join with events held never asks for the tail', () => {
    const h = harness();
    h.client.join('s2', 40, { tailTurns: 30 });
    h.client.connect();
    FakeWebSocket.latest().accept();
    expect(FakeWebSocket.latest().sentOfType('session_join').map((e) => e.payload)).toEqual([{ sessionId: 's2', lastSeq: 40 }]);
  });
});
