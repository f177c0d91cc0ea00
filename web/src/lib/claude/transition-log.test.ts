// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { initialMachineState, step, type MachineEvent, type MachineState } from './connection-machine';
import { DiagnosticsRecorder } from './diagnostics';
import { logStep } from './transition-log';
import { FakeClock } from './testing/fake-clock';

function recorded(events: MachineEvent[], from: MachineState = initialMachineState) {
  const recorder = new DiagnosticsRecorder({ clock: new FakeClock(), urls: { websocket: 'ws://h/api/claude/ws', http: 'http://h/api/claude/stream' } });
  let state = from;
  for (const event of events) {
    const next = step(state, event);
    logStep(recorder, state, event, next.state, next.actions, 5);
    state = next.state;
  }
  return recorder.snapshot().log.map((e) => `${e.kind}: ${e.text}`);
}

describe('logStep', () => {
  it('says each change of phase with its cause, and each retry with its delay', () => {
    const lines = recorded([{ type: 'connect' }, { type: 'opened' }, { type: 'lost', beforeOpen: false, reach: 'unknown' }]);
    expect(lines[0]).toBe('state: idle → connecting (WebSocket): start');
    expect(lines[1]).toBe('state: connecting (WebSocket) → open (WebSocket): transport opened');
    expect(lines[2]).toBe('state: open (WebSocket) → waiting (WebSocket): lost after opening');
    expect(lines[3]).toMatch(/^retry: attempt 1\/5 in \d\.\d s$/);
  });

  it('says why it moved to HTTP', () => {
    const lines = recorded([{ type: 'connect' }, { type: 'lost', beforeOpen: true, reach: 'reachable' }]);
    expect(lines).toContain('fallback: the server answers HTTP but the WebSocket upgrade did not get through (a proxy or firewall refuses WebSockets): using HTTP (SSE + POST)');
  });

  it('a wake: one line when it only checks an open link, none when there is nothing to do', () => {
    const open = step(step(initialMachineState, { type: 'connect' }).state, { type: 'opened' }).state;
    expect(recorded([{ type: 'wake', reason: 'the window was focused' }], open)).toEqual(['heartbeat: checking the link now (ping): the window was focused']);
    expect(recorded([{ type: 'wake', reason: 'the window was focused' }])).toEqual([]);
  });
});
