// @vitest-environment jsdom
// The client's WebSocket setting, its diagnostics (log, close codes, counters, latency)
// and its ways back after giving up, against the in-process fake server.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../types/websocket';
import { FakeWebSocket } from './testing/fake-websocket';
import { FakeEventSource, acceptAndPong, env, flush, harness, type Harness } from './testing/client-harness';

beforeEach(() => {
  FakeWebSocket.reset();
  FakeEventSource.instances = [];
});

const delta = (seq: number, text: string) => env('chat_stream', { sessionId: 's1', requestId: 'r1', delta: text, isComplete: false }, { seq });

/** Drops the socket until the retries and the HTTP attempt are spent. */
async function giveUp(h: Harness): Promise<void> {
  h.client.connect();
  for (let i = 0; i < 6; i++) {
    FakeWebSocket.latest().drop();
    await flush();
    await flush();
    h.clock.advance(16000);
  }
  expect(h.client.state).toMatchObject({ state: 'disconnected', failure: 'unreachable' });
}

describe('the WebSocket setting', () => {
  it('off: HTTP (SSE + POST) from the start, never a WebSocket, and the state says it was chosen', async () => {
    const h = harness({ webSocket: false });
    h.setHttpUp(true);
    h.client.join('s1');
    h.client.connect();
    await flush();
    expect(FakeWebSocket.instances).toHaveLength(0);
    expect(h.client.state).toMatchObject({ state: 'connected', transport: 'http', fallbackReason: 'chosen' });
    expect(FakeEventSource.instances.at(-1)?.url).toContain('/api/claude/stream?sessionId=s1&lastSeq=0');
    h.clock.advance(120_000); // no background probe of the WebSocket either
    expect(FakeWebSocket.instances).toHaveLength(0);
  });

  it('switching while a reply streams: the new transport resumes at the last seq, resends the outbox, and drops what it had', async () => {
    const h = harness();
    h.setHttpUp(true);
    h.client.join('s1');
    h.client.connect();
    const socket = FakeWebSocket.latest();
    acceptAndPong(socket, h.clock);
    socket.push(delta(1, 'one '), delta(2, 'two '), delta(3, 'three '));
    const unacked = h.client.send('chat_request', { sessionId: 's1', message: 'next' });

    h.client.setWebSocketEnabled(false);
    expect(socket.closedByClient).toBe(true);
    await flush();
    expect(h.client.state).toMatchObject({ state: 'connected', transport: 'http', fallbackReason: 'chosen' });
    const stream = FakeEventSource.instances.at(-1);
    expect(stream?.url).toContain('lastSeq=3');
    expect(h.posted.filter((e) => e.type === 'chat_request').map((e) => e.id)).toEqual([unacked.id]);
    // A replay that overlaps what arrived on the WebSocket: nothing twice.
    for (const seq of [2, 3, 4, 5]) stream?.push(delta(seq, `w${seq} `), String(seq));

    h.client.setWebSocketEnabled(true);
    expect(stream?.readyState).toBe(2);
    const back = FakeWebSocket.latest();
    expect(back).not.toBe(socket);
    acceptAndPong(back, h.clock);
    expect(h.client.state).toMatchObject({ state: 'connected', transport: 'websocket', fallbackReason: null });
    expect(back.sentOfType('session_join').map((e) => e.payload)).toEqual([{ sessionId: 's1', lastSeq: 5 }]);
    back.push(delta(5, 'again '), delta(6, 'six'));
    const seqs = h.messages.filter((m: Envelope) => m.type === 'chat_stream').map((m) => m.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('the same setting twice does nothing', () => {
    const h = harness();
    h.client.connect();
    acceptAndPong(FakeWebSocket.latest(), h.clock);
    h.client.setWebSocketEnabled(true);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(h.client.webSocketEnabled).toBe(true);
  });
});

describe('after giving up', () => {
  it('a wake (tab shown or focused, the computer woke) tries again at once', async () => {
    const h = harness();
    await giveUp(h);
    const sockets = FakeWebSocket.instances.length;
    h.client.wake('window focused');
    expect(FakeWebSocket.instances).toHaveLength(sockets + 1);
    acceptAndPong(FakeWebSocket.latest(), h.clock);
    expect(h.client.state).toMatchObject({ state: 'connected', reconnectAttempts: 0 });
    expect(h.client.diagnostics().log.some((e) => e.kind === 'wake' && e.text === 'window focused')).toBe(true);
  });

  it('pressing Send tries again at once, and the message goes when the link opens', async () => {
    const h = harness();
    await giveUp(h);
    const sockets = FakeWebSocket.instances.length;
    const sent = h.client.send('chat_request', { sessionId: 's1', message: 'are you back?' });
    expect(FakeWebSocket.instances).toHaveLength(sockets + 1);
    FakeWebSocket.latest().accept();
    expect(FakeWebSocket.latest().sentOfType('chat_request').map((e) => e.id)).toEqual([sent.id]);
  });

  it('during a backoff Send does not cut it short (the retries run by themselves)', async () => {
    const h = harness();
    h.client.connect();
    FakeWebSocket.latest().drop();
    await flush();
    h.client.send('chat_request', { sessionId: 's1', message: 'queued' });
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});

describe('diagnostics', () => {
  it('a 1009 close is named, logged with its code, and says what to do', async () => {
    const h = harness();
    h.client.connect();
    acceptAndPong(FakeWebSocket.latest(), h.clock);
    FakeWebSocket.latest().drop(1009);
    await flush();
    const d = h.client.diagnostics();
    const close = d.log.find((e) => e.kind === 'close');
    expect(close).toMatchObject({ code: 1009, text: 'websocket closed: 1009 message too big' });
    expect(d.problem?.title).toContain('1009 message too big');
    expect(d.problem?.action).toMatch(/shorter message/);
    expect(d.log.some((e) => e.kind === 'retry' && e.text === 'attempt 1/5 in 1.0 s')).toBe(true);
    expect(d.log.some((e) => e.kind === 'state' && e.text.startsWith('open (WebSocket) → waiting (WebSocket)'))).toBe(true);
  });

  it('after a 1009 the message too large is settled as failed and never sent again; the others are', async () => {
    const h = harness();
    h.client.connect();
    const socket = FakeWebSocket.latest();
    acceptAndPong(socket, h.clock);
    const small = h.client.send('chat_request', { sessionId: 's1', message: 'small' });
    const big = h.client.send('chat_request', { sessionId: 's1', message: 'x'.repeat(6000) });
    socket.push(env('error', { code: 'message_too_large', message: 'A message is at most 4096 bytes.', hint: '' }));
    socket.drop(1009);
    await flush();
    const answer = h.messages.find((m) => m.type === 'error' && m.replyTo === big.id);
    expect(answer?.payload).toMatchObject({ code: 'message_too_large' });
    expect(h.client.pendingIds()).toEqual([small.id]);
    h.clock.advance(1000);
    const next = FakeWebSocket.latest();
    next.accept();
    expect(next.sentOfType('chat_request').map((e) => e.id)).toEqual([small.id]);
    expect(h.client.diagnostics().log.some((e) => e.kind === 'error' && e.text.includes(`message ${big.id}`))).toBe(true);
  });

  it('tells 1008, 1013 and 1001 apart', async () => {
    const h = harness();
    h.client.connect();
    for (const code of [1008, 1013, 1001]) {
      acceptAndPong(FakeWebSocket.latest(), h.clock);
      FakeWebSocket.latest().drop(code);
      await flush();
      h.clock.advance(1000);
    }
    const closes = h.client.diagnostics().log.filter((e) => e.kind === 'close').map((e) => e.text);
    expect(closes).toEqual([
      'websocket closed: 1008 policy (rate limit)',
      'websocket closed: 1013 try again later (overloaded)',
      'websocket closed: 1001 server going away',
    ]);
  });

  it('counts bytes and envelopes, keeps latency samples, and logs a broken frame instead of dropping it silently', () => {
    const h = harness();
    h.client.join('s1');
    h.client.connect();
    const socket = FakeWebSocket.latest();
    acceptAndPong(socket, h.clock, 12);
    const before = h.client.diagnostics();
    expect(before.latency.map((s) => s.ms)).toEqual([12]);
    expect(before.connectionId).toBe('c1');
    const good = JSON.stringify(delta(1, 'héllo ✓'));
    socket.pushText(`${good}\nnot json`);
    const after = h.client.diagnostics();
    expect(after.bytesReceived - before.bytesReceived).toBe(new TextEncoder().encode(`${good}\nnot json`).length);
    expect(after.envelopesReceived - before.envelopesReceived).toBe(1);
    expect(after.framesDropped).toBe(1);
    expect(after.log.at(-1)).toMatchObject({ kind: 'frame', text: 'dropped a frame that could not be read (not JSON): not json' });
  });

  it('an error from the server is logged with its code and becomes the last problem with its hint', () => {
    const h = harness();
    h.client.connect();
    acceptAndPong(FakeWebSocket.latest(), h.clock);
    FakeWebSocket.latest().push(env('error', { code: 'message_too_large', message: 'The message is too large.', hint: 'Send less.' }, { replyTo: 'c-1' }));
    const d = h.client.diagnostics();
    expect(d.log.at(-1)).toMatchObject({ kind: 'error', code: 'message_too_large' });
    expect(d.problem).toMatchObject({ title: 'Server error message_too_large', detail: 'The message is too large.', action: 'Send less.' });
  });

  it('logs the fallback decision when upgrades are refused', async () => {
    const h = harness();
    h.setReach('reachable');
    h.setHttpUp(true);
    h.client.connect();
    FakeWebSocket.latest().drop();
    await flush();
    await flush();
    const fallback = h.client.diagnostics().log.filter((e) => e.kind === 'fallback');
    expect(fallback).toHaveLength(1);
    expect(fallback[0]?.text).toContain('upgrade did not get through');
    expect(h.client.diagnostics().transport).toBe('http');
    expect(h.client.diagnostics().url).toContain('/api/claude/stream');
  });

  it('tells listeners at most once a second', () => {
    const h = harness();
    const heard = vi.fn();
    h.client.onDiagnostics(heard);
    h.client.connect();
    acceptAndPong(FakeWebSocket.latest(), h.clock);
    for (let i = 1; i <= 50; i++) FakeWebSocket.latest().push(delta(i, 'x'));
    expect(heard).not.toHaveBeenCalled();
    h.clock.advance(1000);
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('mirrors the log to console.debug when asked', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const h = harness({ debugLog: true });
    h.client.connect();
    expect(debug).toHaveBeenCalledWith(expect.stringContaining('state: idle → connecting (WebSocket): start'));
    debug.mockClear();
    h.client.setDebugLog(false);
    FakeWebSocket.latest().accept();
    expect(debug).not.toHaveBeenCalled();
    debug.mockRestore();
  });
});
