import { describe, expect, it } from 'vitest';
import type { ConnectionSnapshot } from './connection';
import type { Diagnostics } from './diagnostics';
import { diagnosticsReport } from './diagnostics-report';

const token = 'e2e-5f1c0ffee5ecret';

const snapshot: ConnectionSnapshot = {
  state: 'connecting',
  latencyMs: null,
  isReconnecting: true,
  reconnectAttempts: 1,
  maxReconnectAttempts: 5,
  nextRetryAt: 1_000_000 + 1500,
  transport: 'websocket',
  fallbackReason: null,
  failure: 'unreachable',
};

const diagnostics: Diagnostics = {
  transport: 'websocket',
  url: 'ws://127.0.0.1:3000/api/claude/ws',
  webSocketEnabled: true,
  connectionId: 'c42',
  serverVersion: '0.1.0',
  bytesReceived: 2048,
  envelopesReceived: 17,
  framesDropped: 1,
  latency: [
    { at: 1, ms: 4 },
    { at: 2, ms: 9 },
    { at: 3, ms: 5 },
  ],
  problem: { at: 999_000, title: 'websocket closed: 1009 message too big', detail: 'A message was larger than the server accepts.', action: 'Send a shorter message.' },
  log: [
    { at: 998_000, kind: 'state', text: 'idle → connecting (WebSocket): start' },
    { at: 998_500, kind: 'error', text: `unauthorized: bad link http://127.0.0.1:3000/?token=${token}`, code: 'unauthorized' },
    { at: 999_000, kind: 'close', text: 'websocket closed: 1009 message too big', code: 1009 },
  ],
  logDropped: 3,
};

const context = { now: 1_000_000, pageUrl: `http://127.0.0.1:3000/?session=s1&token=${token}`, userAgent: 'Test/1.0', online: true };

describe('diagnosticsReport', () => {
  const report = diagnosticsReport(diagnostics, snapshot, context);

  it('never holds the token, wherever it appeared', () => {
    expect(report).not.toContain(token);
    expect(report).toContain('token=[redacted]');
  });

  it('says the state, transport, URL, attempts, latency and traffic', () => {
    expect(report).toContain('State: connecting (WebSocket), unreachable');
    expect(report).toContain('URL: ws://127.0.0.1:3000/api/claude/ws');
    expect(report).toContain('Reconnect attempts: 1/5');
    expect(report).toContain('Next retry: in 2 s');
    expect(report).toContain('Latency: last 5 ms, min 4, median 5, max 9 (3 samples)');
    expect(report).toContain('Received: 2.0 KiB in 17 envelopes; 1 broken frames dropped');
    expect(report).toContain('Connection id: c42');
  });

  it('names the last problem and what to do', () => {
    expect(report).toContain('Last problem (1970-01-01T00:16:39.000Z): websocket closed: 1009 message too big');
    expect(report).toContain('What to do: Send a shorter message.');
  });

  it('ends with the log, oldest first, and says when it was cut', () => {
    expect(report).toContain('Log (oldest first, 3 entries; 3 earlier entries dropped):');
    expect(report.trimEnd().split('\n').at(-1)).toBe('1970-01-01T00:16:39.000Z close: websocket closed: 1009 message too big');
  });

  it('says when the WebSocket was turned off', () => {
    const off = diagnosticsReport({ ...diagnostics, webSocketEnabled: false }, { ...snapshot, transport: 'http', fallbackReason: 'chosen' }, context);
    expect(off).toContain('WebSocket setting: off (HTTP only)');
    expect(off).toContain('HTTP fallback: WebSocket turned off in the settings');
  });
});
