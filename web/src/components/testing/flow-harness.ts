// The shared setup of the flow tests (*-flow.test.tsx): the store and its actions wired
// to a real client over a fake socket, on a fresh page (empty store, storage and
// sockets), with the test playing the server. The client's own unit tests have theirs
// in lib/claude/testing/client-harness.ts.
import { act } from '@testing-library/react';
import { assert } from 'vitest';
import { ClaudeWebSocketClient } from '../../lib/claude/websocket-client';
import { FakeClock } from '../../lib/claude/testing/fake-clock';
import { FakeWebSocket } from '../../lib/claude/testing/fake-websocket';
import { resetStore } from '../../lib/store/claude-store';
import { startClaude } from '../../lib/store/claude-actions';

export interface Flow {
  client: ClaudeWebSocketClient;
  clock: FakeClock;
  /** Applies what the store batched for the next animation frame (with `frames: 'by-hand'`). */
  nextFrame(): void;
  /** Connects, and accepts as the server would: the socket opens and its first ping is answered. */
  connect(): FakeWebSocket;
  /** Stops the store's wiring (afterEach). */
  stop(): void;
}

export interface FlowOptions {
  /** 'by-hand' (default): batched events wait for nextFrame(); 'at-once': applied as they come. */
  frames?: 'by-hand' | 'at-once';
}

export function startFlow({ frames = 'by-hand' }: FlowOptions = {}): Flow {
  FakeWebSocket.reset();
  resetStore();
  localStorage.clear();
  sessionStorage.clear();
  const clock = new FakeClock();
  const client = new ClaudeWebSocketClient({
    baseUrl: 'http://x',
    clock,
    random: () => 0.5,
    WebSocketImpl: FakeWebSocket as unknown as typeof WebSocket,
    fetchImpl: () => Promise.reject(new Error('offline')), // no reach probe, no HTTP fallback
  });
  let due: (() => void)[] = [];
  const stop = startClaude(client, {
    scheduler:
      frames === 'at-once'
        ? (flush) => {
            flush();
          }
        : (flush) => {
            due.push(flush);
          },
  });
  return {
    client,
    clock,
    stop,
    nextFrame() {
      const run = due;
      due = [];
      act(() => {
        for (const flush of run) flush();
      });
    },
    connect() {
      client.connect();
      const socket = FakeWebSocket.latest();
      socket.accept();
      const ping = socket.sentOfType('ping').at(-1);
      socket.push({ id: 'p', type: 'pong', payload: {}, timestamp: '', replyTo: ping?.id });
      return socket;
    },
  };
}

/** Lets what is in flight finish inside act(): fetches answered, their bodies read, actions continued. */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((done) => setTimeout(done, 0));
  });
}

/** The value, or the test fails here saying what was missing (a lookup TypeScript cannot prove). */
export function present<T>(value: T | null | undefined, what: string): T {
  assert.exists(value, `${what} is missing`);
  return value;
}
