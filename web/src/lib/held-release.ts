// When a held message goes: the app holds what the user types offline (so it can still
// be edited or cancelled), and sends it once the page is connected and nothing of ours
// is on its way to that session. One message per session at a time, in the order typed;
// one being edited waits, and so do those after it.

export interface HeldMessage {
  id: string;
  sessionId: string;
}

export interface ReleaseContext {
  connected: boolean;
  /** The held message being edited, if any. */
  editing: string | null;
  /** A session not ready for its next message. */
  busy: (sessionId: string) => boolean;
}

/** The held messages to send now (in order: at most one per session). */
export function toRelease(held: readonly HeldMessage[], context: ReleaseContext): string[] {
  if (!context.connected) return [];
  const considered = new Set<string>();
  const out: string[] = [];
  for (const message of held) {
    if (considered.has(message.sessionId)) continue; // only the oldest of each session
    considered.add(message.sessionId);
    if (message.id === context.editing || context.busy(message.sessionId)) continue;
    out.push(message.id);
  }
  return out;
}
