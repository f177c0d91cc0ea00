// How a closed permission prompt reads in the history: what was decided, why it closed
// without an answer (a server stop, a timeout), who answered (this tab, by its own
// connection ids, or another tab or client), and when.
import { PermissionBehavior, PermissionCloseReason, PermissionOutcome } from '../types/websocket';
import type { Resolution } from './store/timeline';

export interface OutcomeText {
  /** allow | deny | cancelled: for styling and tests. */
  kind: PermissionOutcome;
  /** "Allowed", "Denied", "Cancelled". */
  label: string;
  /** Why it closed, when no one (or the clock) decided: "interrupted by a server stop". */
  reason?: string;
  /** "this tab" or "another tab/client"; absent when no client answered. */
  answeredBy?: string;
}

const labels: Record<PermissionOutcome, string> = {
  [PermissionOutcome.allow]: 'Allowed',
  [PermissionOutcome.deny]: 'Denied',
  [PermissionOutcome.cancelled]: 'Cancelled',
};

function kindOf(behavior: string): PermissionOutcome {
  if (behavior === PermissionBehavior.allow || behavior === PermissionBehavior.deny) return behavior;
  return PermissionOutcome.cancelled;
}

/** Who answered, as this page sees it; `ownConnectionIds` are the ids this tab was given. */
export function answeredByLabel(answeredBy: string | undefined, ownConnectionIds: readonly string[]): string | undefined {
  if (answeredBy === undefined || answeredBy === '') return undefined;
  return ownConnectionIds.includes(answeredBy) ? 'this tab' : 'another tab/client';
}

export function reasonText(resolution: Resolution): string | undefined {
  if (resolution.reason === PermissionCloseReason.interrupted) return 'interrupted by a server stop';
  if (resolution.reason === PermissionCloseReason.timeout) return 'timed out: nobody answered';
  if (resolution.reason) return resolution.reason;
  // A prompt the CLI withdrew: its turn ended (stopped, or the process ended) first.
  if (kindOf(resolution.behavior) === PermissionOutcome.cancelled && resolution.answeredBy === undefined) return 'the turn ended first';
  return undefined;
}

export function describeOutcome(resolution: Resolution, ownConnectionIds: readonly string[]): OutcomeText {
  const kind = kindOf(resolution.behavior);
  const text: OutcomeText = { kind, label: labels[kind] };
  const reason = reasonText(resolution);
  if (reason !== undefined) text.reason = reason;
  const who = answeredByLabel(resolution.answeredBy, ownConnectionIds);
  if (who !== undefined) text.answeredBy = who;
  return text;
}
