// The one interface every transport adapter implements (WebSocket; SSE + POST). The
// connection layer sees only this: frames in, envelopes out, one close report.
import type { Envelope, TransportKind } from '../../types/websocket';

export interface CloseInfo {
  code: number;
  reason: string;
  /** False when the transport failed before it ever opened. */
  opened: boolean;
  /** The server refused our credentials (only the HTTP transport can see this). */
  unauthorized?: boolean;
}

export interface TransportCallbacks {
  onOpen(): void;
  /** One frame of text; it may hold several envelopes separated by '\n'. */
  onFrame(text: string): void;
  /** Called at most once, and never after close() was called by the owner. */
  onClose(info: CloseInfo): void;
}

export interface Transport {
  readonly kind: TransportKind;
  send(envelope: Envelope): void;
  /** Closes without reporting back: the owner already knows. */
  close(): void;
}

export type TransportFactory = (kind: TransportKind, callbacks: TransportCallbacks) => Transport;
