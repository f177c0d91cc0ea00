// The reconnect logic as a pure state machine: step(state, event) -> (state, actions).
// No sockets, no timers, no clock: the I/O shell (connection.ts) feeds it events and
// carries out the actions, so every path of retries, fallback and recovery is tested
// in isolation (connection-machine.test.ts).
import { TransportKind } from '../../types/websocket';
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff';

export type Phase =
  | 'idle' // never started, or disconnect() was called
  | 'connecting' // a transport is opening
  | 'open' // a transport is up
  | 'waiting' // between retries (backoff)
  | 'offline' // the browser says there is no network
  | 'failed'; // retries used up (or credentials refused): waits for the user

/** What the shell learned about the server when a transport failed. */
export type Reach = 'reachable' | 'unreachable' | 'unauthorized' | 'unknown';

export type Failure = 'unreachable' | 'unauthorized' | null;

export interface MachineState {
  phase: Phase;
  transport: TransportKind;
  attempt: number; // retries made since the last successful open
  retryDelayMs: number; // the pending backoff, when waiting
  failure: Failure;
  /** Why we are on HTTP: upgrades refused, WebSocket retries used up, or the user turned WebSocket off. */
  fallbackReason: FallbackReason | null;
  /** The user's setting: false = HTTP (SSE + POST) only, no WebSocket at all. */
  webSocket: boolean;
}

export type FallbackReason = 'upgrade_refused' | 'retries_exhausted' | 'chosen';

export type MachineEvent =
  | { type: 'connect' } // start, if not already running
  | { type: 'retry' } // the user pressed Retry: start over, attempts reset
  | { type: 'opened' }
  | { type: 'lost'; beforeOpen: boolean; reach: Reach }
  | { type: 'retryDue' }
  | { type: 'wake'; reason?: string } // tab shown or focused, restored, the computer woke, Send pressed
  | { type: 'online' }
  | { type: 'offline' }
  | { type: 'probeOpened' } // the background WebSocket probe got through while on HTTP
  | { type: 'setWebSocket'; on: boolean } // the user's setting changed
  | { type: 'disconnect' };

export type Action =
  | { type: 'open'; transport: TransportKind }
  | { type: 'close' }
  | { type: 'wait'; delayMs: number }
  | { type: 'cancelWait' }
  | { type: 'checkNow' }
  | { type: 'startProbing' }
  | { type: 'stopProbing' }
  | { type: 'adoptProbe' };

export interface MachineOptions {
  maxAttempts: number; // default 5, as libtether
  backoff: BackoffOptions;
  random: () => number;
}

export const defaultMachineOptions: MachineOptions = { maxAttempts: 5, backoff: defaultBackoff, random: Math.random };

export const initialMachineState: MachineState = {
  phase: 'idle',
  transport: TransportKind.websocket,
  attempt: 0,
  retryDelayMs: 0,
  failure: null,
  fallbackReason: null,
  webSocket: true,
};

export interface Step {
  state: MachineState;
  actions: Action[];
}

const open = (transport: TransportKind): Action => ({ type: 'open', transport });

/** The transport a fresh start (and each retry) uses: the WebSocket unless the user turned it off. */
const preferred = (state: MachineState): TransportKind => (state.webSocket ? TransportKind.websocket : TransportKind.http);

function startOver(state: MachineState): Step {
  const transport = preferred(state);
  return {
    state: { ...state, phase: 'connecting', transport, attempt: 0, retryDelayMs: 0, failure: null, fallbackReason: state.webSocket ? null : 'chosen' },
    actions: [{ type: 'cancelWait' }, { type: 'close' }, { type: 'stopProbing' }, open(transport)],
  };
}

/** A reason to look again: skip the rest of a backoff, check an open link, try again after giving up. */
function onWake(state: MachineState): Step {
  switch (state.phase) {
    case 'waiting':
      // A background tab's timers run late: do not wait out the rest of the backoff.
      return { state: { ...state, phase: 'connecting', retryDelayMs: 0 }, actions: [{ type: 'cancelWait' }, open(state.transport)] };
    case 'open':
      return { state, actions: [{ type: 'checkNow' }] };
    case 'failed':
      // Retries and the HTTP attempt were spent; the server may be back now. A refused
      // token stays refused until the user opens the link again.
      return state.failure === 'unauthorized' ? { state, actions: [] } : startOver(state);
    default:
      return { state, actions: [] };
  }
}

function onSetWebSocket(state: MachineState, on: boolean): Step {
  if (on === state.webSocket) return { state, actions: [] };
  const next = { ...state, webSocket: on };
  // Not running (or offline): the next start uses the setting.
  if (state.phase === 'idle' || state.phase === 'offline') return { state: next, actions: [] };
  // Running: switch now. The conversation rejoins with its last seq and resends its
  // outbox on the new transport, as after any reconnect: nothing lost, nothing twice.
  return startOver(next);
}

function onLost(state: MachineState, event: { beforeOpen: boolean; reach: Reach }, options: MachineOptions): Step {
  const base = { ...state, retryDelayMs: 0 };
  if (event.reach === 'unauthorized') {
    // Retrying cannot fix a wrong token: say so and wait for the user.
    return { state: { ...base, phase: 'failed', failure: 'unauthorized' }, actions: [{ type: 'stopProbing' }] };
  }
  if (state.transport === TransportKind.websocket && event.beforeOpen && event.reach === 'reachable') {
    // The server answers HTTP but the upgrade did not get through: a proxy refuses
    // WebSockets. Use the fallback now rather than burning the retries.
    return {
      state: { ...base, phase: 'connecting', transport: TransportKind.http, fallbackReason: 'upgrade_refused' },
      actions: [open(TransportKind.http)],
    };
  }
  if (state.transport === TransportKind.http && event.beforeOpen && state.fallbackReason === 'retries_exhausted') {
    // The last resort failed too.
    return { state: { ...base, phase: 'failed', failure: 'unreachable' }, actions: [{ type: 'stopProbing' }] };
  }
  const attempt = state.attempt + 1;
  if (attempt > options.maxAttempts && !state.webSocket) {
    // HTTP was all there was to try.
    return { state: { ...base, phase: 'failed', failure: 'unreachable', attempt: state.attempt }, actions: [{ type: 'stopProbing' }] };
  }
  if (attempt > options.maxAttempts) {
    return {
      state: { ...base, phase: 'connecting', transport: TransportKind.http, attempt: state.attempt, fallbackReason: 'retries_exhausted' },
      actions: [{ type: 'stopProbing' }, open(TransportKind.http)],
    };
  }
  const delayMs = backoffDelay(attempt, options.random, options.backoff);
  return {
    state: { ...base, phase: 'waiting', transport: preferred(state), attempt, retryDelayMs: delayMs, failure: 'unreachable', fallbackReason: state.webSocket ? null : 'chosen' },
    actions: [{ type: 'stopProbing' }, { type: 'wait', delayMs }],
  };
}

export function step(state: MachineState, event: MachineEvent, options: MachineOptions = defaultMachineOptions): Step {
  const none: Step = { state, actions: [] };
  switch (event.type) {
    case 'connect':
      return state.phase === 'idle' || state.phase === 'failed' ? startOver(state) : none;
    case 'retry':
      return state.phase === 'open' || state.phase === 'offline' ? none : startOver(state);
    case 'opened':
      if (state.phase !== 'connecting') return none;
      return {
        state: { ...state, phase: 'open', attempt: 0, retryDelayMs: 0, failure: null },
        // On the fallback, see now and then whether the WebSocket gets through again.
        actions: state.transport === TransportKind.http && state.webSocket ? [{ type: 'startProbing' }] : [],
      };
    case 'lost':
      return state.phase === 'connecting' || state.phase === 'open' ? onLost(state, event, options) : none;
    case 'retryDue':
      return state.phase === 'waiting'
        ? { state: { ...state, phase: 'connecting', retryDelayMs: 0 }, actions: [open(state.transport)] }
        : none;
    case 'wake':
      return onWake(state);
    case 'online':
      if (state.phase === 'offline' || state.phase === 'waiting' || (state.phase === 'failed' && state.failure !== 'unauthorized'))
        return startOver(state);
      return state.phase === 'open' ? { state, actions: [{ type: 'checkNow' }] } : none;
    case 'offline':
      if (state.phase === 'idle' || state.phase === 'offline') return none;
      return {
        state: { ...state, phase: 'offline', retryDelayMs: 0 },
        actions: [{ type: 'cancelWait' }, { type: 'stopProbing' }, { type: 'close' }],
      };
    case 'probeOpened':
      if (state.phase !== 'open' || state.transport !== TransportKind.http || !state.webSocket) return none;
      return {
        state: { ...state, transport: TransportKind.websocket, fallbackReason: null },
        actions: [{ type: 'stopProbing' }, { type: 'adoptProbe' }],
      };
    case 'setWebSocket':
      return onSetWebSocket(state, event.on);
    case 'disconnect':
      return state.phase === 'idle'
        ? none
        : { state: { ...initialMachineState, webSocket: state.webSocket }, actions: [{ type: 'cancelWait' }, { type: 'stopProbing' }, { type: 'close' }] };
  }
}
