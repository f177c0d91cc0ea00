// "Log errors for debugging": what the connection did and why, in a bounded ring (the
// latest 500 entries), so that a person whose proxy eats WebSockets can show what
// happened: state changes with their reasons, closes with their codes told apart, frames
// dropped as broken, fallback decisions, retries with their delays, server errors with
// their code and hint. Mirrored to console.debug when asked (?debug=1 or the setting).
import { RingBuffer } from './ring-buffer';

export type LogKind =
  | 'state' // a phase or transport change, with the event that caused it
  | 'close' // a transport closed or did not open (with its close code)
  | 'heartbeat' // a pong missed, a check on waking
  | 'frame' // a frame dropped because it could not be decoded
  | 'fallback' // a decision about WebSocket vs HTTP
  | 'retry' // a retry scheduled, with its delay
  | 'error' // an error envelope from the server
  | 'wake' // a reason to check the link at once (tab shown, focus, sleep, Send)
  | 'setting'; // a connection setting changed

export interface LogEntry {
  /** Wall-clock time (ms since the epoch). */
  at: number;
  kind: LogKind;
  text: string;
  /** The close code (close entries) or the error code (error entries). */
  code?: number | string;
}

export const LOG_CAPACITY = 500;

export type LogSink = (line: string) => void;

/** One line per entry, as the console mirror and the diagnostics report print it. */
export function formatLogEntry(entry: LogEntry): string {
  return `${new Date(entry.at).toISOString()} ${entry.kind}: ${entry.text}`;
}

export class ConnectionLog {
  private readonly ring: RingBuffer<LogEntry>;
  private mirror = false;

  constructor(
    private readonly now: () => number,
    capacity = LOG_CAPACITY,
    // console.debug is looked up at each call, so tests (and devtools) can replace it.
    private readonly sink: LogSink = (line) => { console.debug(`[tether] ${line}`); },
  ) {
    this.ring = new RingBuffer<LogEntry>(capacity);
  }

  add(kind: LogKind, text: string, code?: number | string): LogEntry {
    const entry: LogEntry = code === undefined ? { at: this.now(), kind, text } : { at: this.now(), kind, text, code };
    this.ring.push(entry);
    if (this.mirror) this.sink(formatLogEntry(entry));
    return entry;
  }

  /** Oldest first. */
  entries(): LogEntry[] {
    return this.ring.toArray();
  }

  /** Entries pushed out of the ring (the log is cut at its start). */
  get dropped(): number {
    return this.ring.dropped;
  }

  /** Mirror each new entry to console.debug. */
  setMirror(on: boolean): void {
    this.mirror = on;
  }

  get mirrored(): boolean {
    return this.mirror;
  }
}
