// The connection layer: owns the transport, the heartbeat, the timers and the retry
// schedule; knows nothing about sessions or messages (conversation.ts does). It is the
// thin I/O shell around the pure state machine in connection-machine.ts: transport
// callbacks and timers become machine events, machine actions become I/O.
//
// Hazards handled here:
// - Stale callbacks: every transport gets an id; callbacks from any other id are dropped.
// - One funnel to tear a transport down (dropTransport), clearing its timers with it.
// - One funnel for published state (publish), which emits only on change.
import {
  ConnectionState,
  Field,
  MessageType,
  TransportKind,
  type Envelope,
} from '../../types/websocket';
import { Timer, type Clock } from './clock';
import {
  initialMachineState,
  step,
  type Action,
  type MachineEvent,
  type MachineOptions,
  type MachineState,
  type Reach,
} from './connection-machine';
import type { DiagnosticsRecorder } from './diagnostics';
import { decodeEnvelope, makeEnvelope, num, splitFrame } from './envelope';
import { judgeDeadline, type HeartbeatOptions } from './heartbeat';
import { logStep } from './transition-log';
import type { CloseInfo, Transport, TransportFactory } from './transport';

export interface ConnectionSnapshot {
  state: ConnectionState;
  latencyMs: number | null;
  isReconnecting: boolean;
  reconnectAttempts: number;
  maxReconnectAttempts: number;
  /** Clock time of the next retry while waiting, else null. */
  nextRetryAt: number | null;
  transport: TransportKind | null;
  /** Why the HTTP fallback is in use, when it is. */
  fallbackReason: MachineState['fallbackReason'];
  /** Why we are not connected: helps the UI say what to do. */
  failure: 'unreachable' | 'unauthorized' | 'offline' | null;
}

export interface ConnectionOptions extends MachineOptions {
  clock: Clock;
  connectTimeoutMs: number; // default 10 s, as libtether
  heartbeat: HeartbeatOptions;
  probeIntervalMs: number; // how often to try the WebSocket again while on HTTP (default 30 s)
  createTransport: TransportFactory;
  /** Asks the server over plain HTTP whether it is there; used after a failed open. */
  probeReach: () => Promise<Reach>;
  /** Hears what happens, for the log and the connection details. */
  diagnostics: DiagnosticsRecorder;
}

export interface ConnectionListener {
  /** A transport opened (also after a switch): the conversation rejoins and resends. */
  onOpen(): void;
  onEnvelope(envelope: Envelope): void;
  onState(snapshot: ConnectionSnapshot): void;
  /** The transport in use closed (before the retry is scheduled): e.g. 1009 settles a message. */
  onClose(info: CloseInfo): void;
}

export class Connection {
  private machine: MachineState = initialMachineState;
  private transport: Transport | null = null;
  private transportId = 0;
  private probe: Transport | null = null;
  private probeId = 0;
  private probeFailures = 0;
  private nextId = 1;
  private everOpened = false;
  private retryAt: number | null = null;
  private snapshot: ConnectionSnapshot;

  private readonly connectTimer: Timer;
  private readonly retryTimer: Timer;
  private readonly heartbeatTimer: Timer;
  private readonly pongTimer: Timer;
  private readonly probeTimer: Timer;

  private latencyMs: number | null = null;
  private pingId: string | null = null;
  private pingSentAt = 0;
  private lastReceivedAt = 0;
  private intervalMs: number;

  constructor(private readonly options: ConnectionOptions, private readonly listener: ConnectionListener) {
    const clock = options.clock;
    this.connectTimer = new Timer(clock);
    this.retryTimer = new Timer(clock);
    this.heartbeatTimer = new Timer(clock);
    this.pongTimer = new Timer(clock);
    this.probeTimer = new Timer(clock);
    this.intervalMs = options.heartbeat.intervalMs;
    this.snapshot = this.computeSnapshot();
  }

  get state(): ConnectionSnapshot {
    return this.snapshot;
  }

  get isOpen(): boolean {
    return this.machine.phase === 'open';
  }

  /** Retries (and the HTTP attempt) are spent: the client waits for a reason to try again. */
  get gaveUp(): boolean {
    return this.machine.phase === 'failed' && this.machine.failure !== 'unauthorized';
  }

  dispatch(event: MachineEvent): void {
    const before = this.machine;
    const next = step(this.machine, event, this.options);
    this.machine = next.state;
    logStep(this.options.diagnostics, before, event, next.state, next.actions, this.options.maxAttempts);
    for (const action of next.actions) this.run(action);
    this.publish();
  }

  /** Sends on the open transport; false when there is none (the caller keeps it). */
  send(envelope: Envelope): boolean {
    if (!this.transport || this.machine.phase !== 'open') return false;
    this.transport.send(envelope);
    return true;
  }

  private run(action: Action): void {
    switch (action.type) {
      case 'open':
        this.openTransport(action.transport);
        break;
      case 'close':
        this.dropTransport();
        break;
      case 'wait':
        this.retryAt = this.options.clock.now() + action.delayMs;
        this.retryTimer.start(action.delayMs, () => {
          this.retryAt = null;
          this.dispatch({ type: 'retryDue' });
        });
        break;
      case 'cancelWait':
        this.retryTimer.stop();
        this.retryAt = null;
        break;
      case 'checkNow':
        this.sendPing(this.options.heartbeat.wakeTimeoutMs);
        break;
      case 'startProbing':
        this.probeTimer.start(this.options.probeIntervalMs, () => { this.startProbe(); });
        break;
      case 'stopProbing':
        this.probeTimer.stop();
        this.probe?.close();
        this.probe = null;
        this.probeId = 0;
        break;
      case 'adoptProbe':
        this.adoptProbe();
        break;
    }
  }

  private openTransport(kind: TransportKind): void {
    this.dropTransport();
    const id = this.nextId++;
    this.transportId = id;
    this.options.diagnostics.opening(kind);
    this.transport = this.options.createTransport(kind, {
      onOpen: () => { this.onTransportOpen(id); },
      onFrame: (text) => { this.onFrame(id, text); },
      onClose: (info) => { this.onTransportClose(id, info); },
    });
    this.connectTimer.start(this.options.connectTimeoutMs, () => {
      if (id !== this.transportId) return;
      this.transport?.close();
      this.onTransportClose(id, { code: 1006, reason: 'connect timeout', opened: false });
    });
  }

  /** The one way a transport goes away: its timers go with it, its callbacks go stale. */
  private dropTransport(): void {
    this.connectTimer.stop();
    this.heartbeatTimer.stop();
    this.pongTimer.stop();
    this.pingId = null;
    this.transport?.close();
    this.transport = null;
    this.transportId = 0;
  }

  private onTransportOpen(id: number): void {
    if (id === this.probeId) {
      this.dispatch({ type: 'probeOpened' });
      return;
    }
    if (id !== this.transportId) return;
    this.connectTimer.stop();
    this.lastReceivedAt = this.options.clock.now();
    this.everOpened = true;
    this.dispatch({ type: 'opened' });
    this.sendPing(this.options.heartbeat.pongTimeoutMs); // latency at once, not in 15 s
    this.listener.onOpen();
  }

  private onFrame(id: number, text: string): void {
    if (id !== this.transportId) return; // a probe's greeting or a stale transport
    this.lastReceivedAt = this.options.clock.now();
    const diagnostics = this.options.diagnostics;
    diagnostics.frame(text);
    for (const line of splitFrame(text)) {
      const decoded = decodeEnvelope(line);
      if (!decoded.ok) {
        diagnostics.droppedFrame(decoded.reason, line); // a broken frame from the peer is skipped, not fatal
        continue;
      }
      const envelope = decoded.envelope;
      diagnostics.envelope(envelope);
      if (envelope.type === MessageType.pong && envelope.replyTo !== undefined && envelope.replyTo === this.pingId) {
        this.onPong();
        continue;
      }
      if (envelope.type === MessageType.connectionStatus) {
        const interval = num(envelope.payload, Field.heartbeatIntervalMs);
        if (interval !== undefined && interval > 0) this.intervalMs = interval;
      }
      this.listener.onEnvelope(envelope);
      if (id !== this.transportId) return; // a listener closed the connection
    }
  }

  private onTransportClose(id: number, info: CloseInfo): void {
    if (id === this.probeId) {
      // Every 30 s on a network that blocks WebSockets: log the first and then every tenth,
      // so that the ring keeps the history around them.
      this.probeFailures += 1;
      if (this.probeFailures % 10 === 1)
        this.options.diagnostics.note('fallback', `the background WebSocket probe did not get through (${info.code}${info.reason ? ` ${info.reason}` : ''}; ${this.probeFailures} so far): staying on HTTP`, info.code);
      this.probe = null;
      this.probeId = 0;
      if (this.machine.phase === 'open' && this.machine.transport === TransportKind.http)
        this.probeTimer.start(this.options.probeIntervalMs, () => { this.startProbe(); });
      return;
    }
    if (id !== this.transportId) return;
    if (this.transport) this.options.diagnostics.closed(this.transport.kind, info);
    this.transport = null;
    this.dropTransport();
    this.listener.onClose(info);
    if (info.unauthorized) {
      this.dispatch({ type: 'lost', beforeOpen: !info.opened, reach: 'unauthorized' });
      return;
    }
    if (info.opened) {
      this.dispatch({ type: 'lost', beforeOpen: false, reach: 'unknown' });
      return;
    }
    // It never opened: ask plain HTTP why, to tell "server down" from "upgrade refused"
    // from "token wrong". Nothing else may have started meanwhile.
    const phaseAtLoss = this.machine;
    void this.options.probeReach().then((reach) => {
      if (this.machine !== phaseAtLoss) return;
      this.dispatch({ type: 'lost', beforeOpen: true, reach });
    });
  }

  private sendPing(timeoutMs: number): void {
    if (!this.transport) return;
    this.heartbeatTimer.stop();
    const ping = makeEnvelope(MessageType.ping, {});
    this.pingId = ping.id;
    this.pingSentAt = this.options.clock.now();
    this.transport.send(ping);
    this.pongTimer.start(timeoutMs, () => { this.onPongDeadline(timeoutMs); });
  }

  private onPong(): void {
    this.pongTimer.stop();
    this.pingId = null;
    this.latencyMs = Math.max(0, this.options.clock.now() - this.pingSentAt);
    this.options.diagnostics.pong(this.latencyMs);
    this.heartbeatTimer.start(this.intervalMs, () => { this.sendPing(this.options.heartbeat.pongTimeoutMs); });
    this.publish();
  }

  private onPongDeadline(timeoutMs: number): void {
    const clock = this.options.clock;
    const verdict = judgeDeadline(clock.now(), this.pongTimer.due, this.pingSentAt, this.lastReceivedAt, this.options.heartbeat);
    if (verdict === 'alive') {
      this.pongTimer.start(timeoutMs, () => { this.onPongDeadline(timeoutMs); });
    } else if (verdict === 'recheck') {
      this.sendPing(timeoutMs);
    } else {
      this.options.diagnostics.note('heartbeat', `no pong within ${timeoutMs} ms and nothing else received: the connection is dead`);
      this.dropTransport();
      this.dispatch({ type: 'lost', beforeOpen: false, reach: 'unknown' });
    }
  }

  private startProbe(): void {
    if (this.probe || this.machine.transport !== TransportKind.http) return;
    const id = this.nextId++;
    this.probeId = id;
    this.probe = this.options.createTransport(TransportKind.websocket, {
      onOpen: () => { this.onTransportOpen(id); },
      onFrame: () => undefined,
      onClose: (info) => { this.onTransportClose(id, info); },
    });
  }

  private adoptProbe(): void {
    const probe = this.probe;
    const id = this.probeId;
    this.probe = null;
    this.probeId = 0;
    if (!probe) return;
    this.dropTransport();
    this.options.diagnostics.opening(probe.kind);
    this.transport = probe;
    this.transportId = id;
    this.lastReceivedAt = this.options.clock.now();
    this.sendPing(this.options.heartbeat.pongTimeoutMs);
    this.listener.onOpen();
  }

  private computeSnapshot(): ConnectionSnapshot {
    const m = this.machine;
    const waiting = m.phase === 'waiting';
    const reconnecting = waiting || (m.phase === 'connecting' && this.everOpened) || (m.phase === 'connecting' && m.attempt > 0);
    let state: ConnectionState;
    let failure: ConnectionSnapshot['failure'] = null;
    switch (m.phase) {
      case 'open':
        state = ConnectionState.connected;
        break;
      case 'connecting':
      case 'waiting':
        state = ConnectionState.connecting;
        break;
      case 'offline':
        state = ConnectionState.disconnected;
        failure = 'offline';
        break;
      case 'failed':
        state = m.failure === 'unauthorized' ? ConnectionState.error : ConnectionState.disconnected;
        failure = m.failure ?? 'unreachable';
        break;
      case 'idle':
        state = ConnectionState.disconnected;
        break;
    }
    return {
      state,
      latencyMs: m.phase === 'open' ? this.latencyMs : null,
      isReconnecting: reconnecting,
      reconnectAttempts: m.attempt,
      maxReconnectAttempts: this.options.maxAttempts,
      nextRetryAt: waiting ? this.retryAt : null,
      transport: m.phase === 'open' || m.phase === 'connecting' || waiting ? m.transport : null,
      fallbackReason: m.fallbackReason,
      failure: failure ?? (waiting ? 'unreachable' : null),
    };
  }

  /** The single place state is published; listeners hear only real changes. */
  private publish(): void {
    const next = this.computeSnapshot();
    const prev = this.snapshot;
    const changed = (Object.keys(next) as (keyof ConnectionSnapshot)[]).some((key) => next[key] !== prev[key]);
    if (!changed) return;
    this.snapshot = next;
    this.listener.onState(next);
  }
}

