// The log lines for one step of the connection machine: the phase or transport change
// with the event that caused it, the fallback decision taken, the retry scheduled with
// its delay, giving up. Kept apart from the machine (which stays pure) and from the I/O
// shell (which only calls this after each step).
import { TransportKind } from '../../types/websocket';
import type { Action, FallbackReason, MachineEvent, MachineState } from './connection-machine';
import type { DiagnosticsRecorder } from './diagnostics';

export function describeEvent(event: MachineEvent): string {
  switch (event.type) {
    case 'connect':
      return 'start';
    case 'retry':
      return 'Retry pressed';
    case 'opened':
      return 'transport opened';
    case 'lost': {
      const when = event.beforeOpen ? 'did not open' : 'lost after opening';
      // 'unknown': the server was not asked (a link that was open needs no probe).
      const reach: Record<typeof event.reach, string> = {
        reachable: '; the server answers plain HTTP',
        unreachable: '; the server does not answer',
        unauthorized: '; the server refused the token',
        unknown: '',
      };
      return `${when}${reach[event.reach]}`;
    }
    case 'retryDue':
      return 'backoff over';
    case 'wake':
      return event.reason ?? 'woke';
    case 'online':
      return 'the browser is online';
    case 'offline':
      return 'the browser is offline';
    case 'probeOpened':
      return 'the background WebSocket probe got through';
    case 'setWebSocket':
      return event.on ? 'WebSocket turned on' : 'WebSocket turned off';
    case 'disconnect':
      return 'disconnect';
  }
}

const fallbackWords: Record<FallbackReason, string> = {
  upgrade_refused: 'the server answers HTTP but the WebSocket upgrade did not get through (a proxy or firewall refuses WebSockets): using HTTP (SSE + POST)',
  retries_exhausted: 'the WebSocket failed on every retry: trying HTTP (SSE + POST)',
  chosen: 'WebSocket is turned off in Connection details: using HTTP (SSE + POST)',
};

function where(state: MachineState): string {
  return state.phase === 'connecting' || state.phase === 'open' || state.phase === 'waiting' ? ` (${state.transport === TransportKind.http ? 'HTTP' : 'WebSocket'})` : '';
}

export function logStep(recorder: DiagnosticsRecorder, before: MachineState, event: MachineEvent, after: MachineState, actions: Action[], maxAttempts: number): void {
  if (event.type === 'wake' && after === before && before.phase !== 'open') return; // nothing to wake
  // An open link is only checked (one line, below); otherwise say what woke it up.
  if (event.type === 'wake' && before.phase !== 'open') recorder.note('wake', describeEvent(event));
  if (after.phase !== before.phase || after.transport !== before.transport) {
    recorder.note('state', `${before.phase}${where(before)} → ${after.phase}${where(after)}: ${describeEvent(event)}`);
  }
  if (after.fallbackReason !== null && after.fallbackReason !== before.fallbackReason) recorder.note('fallback', fallbackWords[after.fallbackReason]);
  if (before.fallbackReason !== null && after.fallbackReason === null && after.transport === TransportKind.websocket)
    recorder.note('fallback', 'back on the WebSocket');
  for (const action of actions) {
    if (action.type === 'wait')
      recorder.note('retry', `attempt ${after.attempt}/${maxAttempts} in ${(action.delayMs / 1000).toFixed(1)} s`);
    if (action.type === 'checkNow') recorder.note('heartbeat', `checking the link now (ping): ${describeEvent(event)}`);
  }
  if (after.phase === 'failed' && before.phase !== 'failed') {
    if (after.failure === 'unauthorized') recorder.note('state', 'stopped: the token was refused');
    else recorder.gaveUp(after.webSocket ? 'The WebSocket retries and the HTTP fallback could not reach the server.' : 'The HTTP retries could not reach the server.');
  }
}
