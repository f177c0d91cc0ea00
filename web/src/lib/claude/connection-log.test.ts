// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { ConnectionLog, formatLogEntry } from './connection-log';

describe('ConnectionLog', () => {
  it('keeps the latest entries only, with their time, kind and code', () => {
    let now = Date.UTC(2026, 10, 26, 1, 40);
    const log = new ConnectionLog(() => now++, 3, () => undefined);
    log.add('state', 'idle -> connecting');
    log.add('close', 'websocket closed: 1009 message too big', 1009);
    log.add('retry', 'attempt 1/5 in 1.0 s');
    log.add('error', 'rate_limited: slow down', 'rate_limited');
    const entries = log.entries();
    expect(entries.map((e) => e.kind)).toEqual(['close', 'retry', 'error']);
    expect(entries[0]?.code).toBe(1009);
    expect(entries[2]?.code).toBe('rate_limited');
    expect(log.dropped).toBe(1);
    expect(entries.map(formatLogEntry)[0]).toBe('2026-11-26T01:40:00.001Z close: websocket closed: 1009 message too big');
  });

  it('mirrors to the sink only while asked to', () => {
    const sink = vi.fn();
    const log = new ConnectionLog(() => 0, 10, sink);
    log.add('state', 'quiet');
    expect(sink).not.toHaveBeenCalled();
    log.setMirror(true);
    log.add('frame', 'dropped a frame: not JSON');
    expect(sink).toHaveBeenCalledTimes(1);
    expect(sink.mock.calls[0]?.[0]).toContain('frame: dropped a frame: not JSON');
    log.setMirror(false);
    log.add('state', 'quiet again');
    expect(sink).toHaveBeenCalledTimes(1);
  });

  it('mirrors to console.debug by default', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const log = new ConnectionLog(() => 0);
    log.setMirror(true);
    log.add('wake', 'window focused');
    expect(debug).toHaveBeenCalledWith(expect.stringContaining('[tether]'));
    debug.mockRestore();
  });
});
