// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { initialMachineState, step, type MachineEvent, type MachineOptions, type MachineState } from './connection-machine';
import { defaultBackoff } from './backoff';

const options: MachineOptions = { maxAttempts: 5, backoff: defaultBackoff, random: () => 0.5 };

function run(events: MachineEvent[], from: MachineState = initialMachineState) {
  let state = from;
  const actions = [];
  for (const event of events) {
    const next = step(state, event, options);
    state = next.state;
    actions.push(...next.actions);
  }
  return { state, actions };
}

const lostDown: MachineEvent = { type: 'lost', beforeOpen: true, reach: 'unreachable' };

describe('connection machine', () => {
  it('opens a WebSocket on connect', () => {
    const { state, actions } = run([{ type: 'connect' }]);
    expect(state.phase).toBe('connecting');
    expect(actions).toContainEqual({ type: 'open', transport: 'websocket' });
  });

  it('waits 1, 2, 4, 8, 16 s between attempts, then falls back to HTTP', () => {
    let { state } = run([{ type: 'connect' }]);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const lost = step(state, lostDown, options);
      const wait = lost.actions.find((a) => a.type === 'wait');
      expect(wait).toBeDefined();
      if (wait?.type === 'wait') waits.push(wait.delayMs);
      expect(lost.state.attempt).toBe(i + 1);
      state = step(lost.state, { type: 'retryDue' }, options).state;
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000]);
    const sixth = step(state, lostDown, options);
    expect(sixth.state.transport).toBe('http');
    expect(sixth.state.fallbackReason).toBe('retries_exhausted');
    expect(sixth.actions).toContainEqual({ type: 'open', transport: 'http' });
    // The fallback cannot reach the server either: give up and wait for the user.
    const last = step(sixth.state, lostDown, options);
    expect(last.state.phase).toBe('failed');
    expect(last.actions.some((a) => a.type === 'open' || a.type === 'wait')).toBe(false);
  });

  it('goes to HTTP at once when the server answers but the upgrade fails', () => {
    const { state, actions } = run([{ type: 'connect' }, { type: 'lost', beforeOpen: true, reach: 'reachable' }]);
    expect(state.transport).toBe('http');
    expect(state.fallbackReason).toBe('upgrade_refused');
    expect(state.attempt).toBe(0);
    expect(actions.at(-1)).toEqual({ type: 'open', transport: 'http' });
  });

  it('probes the WebSocket in the background while on HTTP and switches back', () => {
    const onHttp = run([{ type: 'connect' }, { type: 'lost', beforeOpen: true, reach: 'reachable' }, { type: 'opened' }]);
    expect(onHttp.actions).toContainEqual({ type: 'startProbing' });
    const back = step(onHttp.state, { type: 'probeOpened' }, options);
    expect(back.state.transport).toBe('websocket');
    expect(back.state.fallbackReason).toBeNull();
    expect(back.actions).toContainEqual({ type: 'adoptProbe' });
  });

  it('stops for good on a refused token', () => {
    const { state } = run([{ type: 'connect' }, { type: 'lost', beforeOpen: true, reach: 'unauthorized' }]);
    expect(state.phase).toBe('failed');
    expect(state.failure).toBe('unauthorized');
    expect(step(state, { type: 'online' }, options).actions).toEqual([]);
  });

  it('manual retry starts over with fresh attempts, from waiting or failed', () => {
    const waiting = run([{ type: 'connect' }, lostDown, { type: 'retryDue' }, lostDown]).state;
    expect(waiting.attempt).toBe(2);
    const retried = step(waiting, { type: 'retry' }, options);
    expect(retried.state.attempt).toBe(0);
    expect(retried.actions).toContainEqual({ type: 'cancelWait' });
    expect(retried.actions).toContainEqual({ type: 'open', transport: 'websocket' });
  });

  it('wake skips the rest of the backoff; when open it checks the link', () => {
    const waiting = run([{ type: 'connect' }, lostDown]).state;
    const woke = step(waiting, { type: 'wake' }, options);
    expect(woke.state.phase).toBe('connecting');
    expect(woke.state.attempt).toBe(1); // the attempt still counts
    expect(woke.actions).toEqual([{ type: 'cancelWait' }, { type: 'open', transport: 'websocket' }]);
    const open = run([{ type: 'connect' }, { type: 'opened' }]).state;
    expect(step(open, { type: 'wake' }, options).actions).toEqual([{ type: 'checkNow' }]);
  });

  it('offline drops the link at once; online reconnects at once', () => {
    const open = run([{ type: 'connect' }, { type: 'opened' }]).state;
    const off = step(open, { type: 'offline' }, options);
    expect(off.state.phase).toBe('offline');
    expect(off.actions).toContainEqual({ type: 'close' });
    const on = step(off.state, { type: 'online' }, options);
    expect(on.state.phase).toBe('connecting');
    expect(on.actions).toContainEqual({ type: 'open', transport: 'websocket' });
  });

  it('a loss after open resets to a backoff cycle on the WebSocket', () => {
    const { state, actions } = run([{ type: 'connect' }, { type: 'opened' }, { type: 'lost', beforeOpen: false, reach: 'unknown' }]);
    expect(state.phase).toBe('waiting');
    expect(state.attempt).toBe(1);
    expect(actions).toContainEqual({ type: 'wait', delayMs: 1000 });
  });

  it('ignores events that do not apply to the phase', () => {
    const idle = initialMachineState;
    expect(step(idle, { type: 'retryDue' }, options).state).toBe(idle);
    expect(step(idle, { type: 'opened' }, options).state).toBe(idle);
    const open = run([{ type: 'connect' }, { type: 'opened' }]).state;
    expect(step(open, { type: 'connect' }, options).actions).toEqual([]);
  });

  it('after giving up, a wake (tab shown, focus, the computer woke, Send) starts over; a refused token stays refused', () => {
    let { state } = run([{ type: 'connect' }]);
    for (let i = 0; i < 5; i++) state = run([lostDown, { type: 'retryDue' }], state).state;
    state = run([lostDown, lostDown], state).state; // the sixth loss goes to HTTP, which fails too
    expect(state.phase).toBe('failed');
    const woke = step(state, { type: 'wake', reason: 'window focused' }, options);
    expect(woke.state.phase).toBe('connecting');
    expect(woke.state.attempt).toBe(0);
    expect(woke.actions).toContainEqual({ type: 'open', transport: 'websocket' });
    const refused = run([{ type: 'connect' }, { type: 'lost', beforeOpen: true, reach: 'unauthorized' }]).state;
    expect(step(refused, { type: 'wake' }, options).actions).toEqual([]);
  });
});

describe('the WebSocket setting', () => {
  const off: MachineEvent = { type: 'setWebSocket', on: false };
  const on: MachineEvent = { type: 'setWebSocket', on: true };

  it('off before the start: HTTP from the start, and it says it was chosen', () => {
    const { state, actions } = run([off, { type: 'connect' }]);
    expect(actions).toContainEqual({ type: 'open', transport: 'http' });
    expect(actions).not.toContainEqual({ type: 'open', transport: 'websocket' });
    expect(state.transport).toBe('http');
    expect(state.fallbackReason).toBe('chosen');
  });

  it('off: no WebSocket probing on HTTP, and a probe that opens anyway is not adopted', () => {
    const { state, actions } = run([off, { type: 'connect' }, { type: 'opened' }]);
    expect(actions).not.toContainEqual({ type: 'startProbing' });
    expect(step(state, { type: 'probeOpened' }, options).actions).toEqual([]);
  });

  it('off: retries stay on HTTP, with the usual backoff, then give up', () => {
    let { state } = run([off, { type: 'connect' }, { type: 'opened' }, { type: 'lost', beforeOpen: false, reach: 'unknown' }]);
    expect(state.phase).toBe('waiting');
    expect(state.transport).toBe('http');
    const opens: string[] = [];
    for (let i = 0; i < 5; i++) {
      const due = step(state, { type: 'retryDue' }, options);
      for (const a of due.actions) if (a.type === 'open') opens.push(a.transport);
      state = step(due.state, lostDown, options).state;
    }
    expect(opens).toEqual(['http', 'http', 'http', 'http', 'http']);
    expect(state.phase).toBe('failed');
    const woke = step(state, { type: 'wake' }, options);
    expect(woke.actions).toContainEqual({ type: 'open', transport: 'http' });
  });

  it('switching while open moves to the other transport at once, with fresh attempts', () => {
    const open = run([{ type: 'connect' }, { type: 'opened' }]).state;
    const toHttp = step(open, off, options);
    expect(toHttp.state.phase).toBe('connecting');
    expect(toHttp.actions).toEqual([{ type: 'cancelWait' }, { type: 'close' }, { type: 'stopProbing' }, { type: 'open', transport: 'http' }]);
    const onHttp = step(toHttp.state, { type: 'opened' }, options).state;
    const back = step(onHttp, on, options);
    expect(back.actions).toContainEqual({ type: 'open', transport: 'websocket' });
    expect(back.state.fallbackReason).toBeNull();
  });

  it('the same setting again changes nothing; offline keeps it for later; disconnect keeps it', () => {
    const open = run([{ type: 'connect' }, { type: 'opened' }]).state;
    expect(step(open, on, options)).toEqual({ state: open, actions: [] });
    const offline = run([{ type: 'offline' }, off], open).state;
    expect(offline.phase).toBe('offline');
    expect(run([{ type: 'online' }], offline).actions).toContainEqual({ type: 'open', transport: 'http' });
    expect(run([{ type: 'disconnect' }], offline).state.webSocket).toBe(false);
  });

  it('on, from a blocked network: the WebSocket is tried again and the upgrade refusal still falls back', () => {
    const httpOnly = run([off, { type: 'connect' }, { type: 'opened' }]).state;
    const { state } = run([on, { type: 'lost', beforeOpen: true, reach: 'reachable' }], httpOnly);
    expect(state.transport).toBe('http');
    expect(state.fallbackReason).toBe('upgrade_refused');
  });
});
