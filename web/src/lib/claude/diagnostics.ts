// What the connection details panel and the diagnostics report show, gathered as it
// happens: the log (connection-log.ts), latency samples from the heartbeat's ping/pong,
// bytes and envelopes received, frames dropped, the server's name for this connection,
// and the last problem with what to do about it. Listeners hear about changes at most
// once per `publishMs` (a streaming reply changes the byte count with every frame).
import { Field, MessageType, TransportKind, type Envelope } from '../../types/websocket';
import { Timer, type Clock } from './clock';
import { closeLabel, describeClose, isTrouble } from './close-codes';
import { ConnectionLog, type LogEntry, type LogKind, type LogSink } from './connection-log';
import { num, str } from './envelope';
import { redactSecrets } from './redact';
import { RingBuffer } from './ring-buffer';
import type { CloseInfo } from './transport';

export interface LatencySample {
  at: number;
  ms: number;
}

/** The last thing that went wrong, and what the user can do about it. */
export interface Problem {
  at: number;
  title: string;
  detail: string;
  action: string;
}

export interface Diagnostics {
  /** The transport in use or being opened; null before the first. */
  transport: TransportKind | null;
  /** Where that transport goes (never with the token). */
  url: string;
  webSocketEnabled: boolean;
  connectionId: string | null;
  serverVersion: string | null;
  bytesReceived: number;
  envelopesReceived: number;
  framesDropped: number;
  /** Oldest first. */
  latency: LatencySample[];
  problem: Problem | null;
  /** Oldest first. */
  log: LogEntry[];
  /** Log entries pushed out of the ring. */
  logDropped: number;
}

export const emptyDiagnostics: Diagnostics = {
  transport: null,
  url: '',
  webSocketEnabled: true,
  connectionId: null,
  serverVersion: null,
  bytesReceived: 0,
  envelopesReceived: 0,
  framesDropped: 0,
  latency: [],
  problem: null,
  log: [],
  logDropped: 0,
};

export const LATENCY_SAMPLES = 60;
const PUBLISH_MS = 1000;

export interface RecorderOptions {
  clock: Clock;
  /** Where each transport goes: the WebSocket URL; the HTTP stream and POST routes. */
  urls: Record<TransportKind, string>;
  sink?: LogSink;
  publishMs?: number;
  logCapacity?: number;
}

/** UTF-8 length of a string without encoding it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      bytes += 4; // a surrogate pair is one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export class DiagnosticsRecorder {
  readonly log: ConnectionLog;
  private readonly latency = new RingBuffer<LatencySample>(LATENCY_SAMPLES);
  private readonly listeners = new Set<(diagnostics: Diagnostics) => void>();
  private readonly publishTimer: Timer;
  private transport: TransportKind | null = null;
  private webSocketEnabled = true;
  private connectionId: string | null = null;
  private serverVersion: string | null = null;
  private bytesReceived = 0;
  private envelopesReceived = 0;
  private framesDropped = 0;
  private problem: Problem | null = null;

  constructor(private readonly options: RecorderOptions) {
    this.log = new ConnectionLog(() => options.clock.now(), options.logCapacity, options.sink);
    this.publishTimer = new Timer(options.clock);
  }

  snapshot(): Diagnostics {
    return {
      transport: this.transport,
      url: this.transport ? redactSecrets(this.options.urls[this.transport]) : '',
      webSocketEnabled: this.webSocketEnabled,
      connectionId: this.connectionId,
      serverVersion: this.serverVersion,
      bytesReceived: this.bytesReceived,
      envelopesReceived: this.envelopesReceived,
      framesDropped: this.framesDropped,
      latency: this.latency.toArray(),
      problem: this.problem,
      log: this.log.entries(),
      logDropped: this.log.dropped,
    };
  }

  /** Called with a fresh snapshot after changes, at most once per publish interval. */
  onChange(listener: (diagnostics: Diagnostics) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  note(kind: LogKind, text: string, code?: number | string): void {
    this.log.add(kind, text, code);
    this.changed();
  }

  opening(kind: TransportKind): void {
    this.transport = kind;
    this.changed();
  }

  setWebSocketEnabled(on: boolean): void {
    if (on === this.webSocketEnabled) return;
    this.webSocketEnabled = on;
    this.note('setting', on ? 'WebSocket turned on: the WebSocket is used, HTTP only as a fallback' : 'WebSocket turned off: HTTP (SSE + POST) only');
  }

  frame(text: string): void {
    this.bytesReceived += utf8Length(text);
    this.changed();
  }

  envelope(envelope: Envelope): void {
    this.envelopesReceived += 1;
    if (envelope.type === MessageType.connectionStatus) {
      this.connectionId = str(envelope.payload, Field.connectionId) ?? this.connectionId;
      this.serverVersion = str(envelope.payload, Field.serverVersion) ?? this.serverVersion;
      const interval = num(envelope.payload, Field.heartbeatIntervalMs);
      this.note('state', `server greeting: connection ${this.connectionId ?? '?'}, server ${this.serverVersion ?? '?'}${interval ? `, heartbeat every ${interval} ms` : ''}`);
    } else if (envelope.type === MessageType.error) {
      this.serverError(envelope);
    }
    this.changed();
  }

  droppedFrame(reason: string, line: string): void {
    this.framesDropped += 1;
    const sample = line.length > 80 ? `${line.slice(0, 80)}…` : line;
    this.note('frame', `dropped a frame that could not be read (${reason}): ${redactSecrets(sample)}`);
  }

  pong(ms: number): void {
    this.latency.push({ at: this.options.clock.now(), ms });
    this.changed();
  }

  /** A transport closed (or never opened); `kind` is what it was. */
  closed(kind: TransportKind, info: CloseInfo): void {
    const what = info.opened ? `${kind} closed` : `${kind} did not open`;
    const label = closeLabel(info.code, info.reason);
    this.note('close', `${what}: ${label}`, info.code);
    if (info.unauthorized) {
      this.setProblem(`${what}: the server refused the token`, 'The token is missing or wrong (HTTP 401).', 'Open the link printed by `tether serve` again (it sets the token for this browser).');
      return;
    }
    if (!isTrouble(info.code)) return;
    const description = describeClose(info.code);
    this.setProblem(`${what}: ${label}`, description.meaning, description.action);
  }

  /** Retries and the HTTP attempt are spent: the client waits for a reason to try again. */
  gaveUp(why: string): void {
    this.log.add('state', `gave up for now: ${why}`);
    this.setProblem(
      'Gave up reconnecting for now',
      why,
      'Tether tries again when the tab is shown or focused, when the computer wakes, when the network comes back, and when you press Send; or press Retry. Is `tether serve` running?',
    );
  }

  private serverError(envelope: Envelope): void {
    const code = str(envelope.payload, Field.code) ?? 'error';
    const message = str(envelope.payload, Field.message) ?? '';
    const hint = str(envelope.payload, Field.hint) ?? '';
    const about = envelope.replyTo === undefined ? '' : ` (answer to ${envelope.replyTo})`;
    this.log.add('error', redactSecrets(`${code}: ${message}${hint ? ` — ${hint}` : ''}${about}`), code);
    this.setProblem(`Server error ${code}`, redactSecrets(message), redactSecrets(hint) || 'See the message above; nothing else to do.');
  }

  private setProblem(title: string, detail: string, action: string): void {
    this.problem = { at: this.options.clock.now(), title, detail, action };
    this.changed();
  }

  private changed(): void {
    if (this.publishTimer.running || this.listeners.size === 0) return;
    this.publishTimer.start(this.options.publishMs ?? PUBLISH_MS, () => {
      const diagnostics = this.snapshot();
      for (const listener of this.listeners) listener(diagnostics);
    });
  }
}
