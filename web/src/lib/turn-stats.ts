// What a finished turn took, and what the session took so far: duration, tokens in and
// out, cost, from chat_response.detail (docs/protocol.md §6.1: usage, costUsd,
// durationMs). Two things to know about those numbers:
// - tokens in are the input the model read, whether new or from the prompt cache (the
//   API counts them apart; the title says how many came from the cache);
// - costUsd is the CLI process's running total, not the turn's: a turn's cost is the
//   difference from the turn before, and a total that drops means a new process (the
//   old one stopped, the conversation was resumed), whose count starts again.
import type { JsonObject, JsonValue } from '../types/websocket';
import type { AssistantItem, TimelineItem } from './store/timeline';

export interface TurnStats {
  durationMs?: number;
  /** Input tokens: new, written to the cache, and read from it. */
  inputTokens?: number;
  cachedTokens?: number;
  outputTokens?: number;
  /** This turn's cost (unknown for the first turn held when older turns are not). */
  costUsd?: number;
}

export interface SessionTotals {
  turns: number;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  /** The processes' totals added up; undefined when no turn reported a cost. */
  costUsd?: number;
}

function count(value: JsonValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function objectOf(value: JsonValue | undefined): JsonObject | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

/** What one chat_response.detail says about its turn, with the process's running cost. */
export function readTurnDetail(detail: JsonObject): TurnStats & { runningCostUsd?: number } {
  const stats: TurnStats & { runningCostUsd?: number } = {};
  const duration = count(detail.durationMs);
  if (duration !== undefined) stats.durationMs = duration;
  const usage = objectOf(detail.usage);
  if (usage) {
    const fresh = count(usage.input_tokens);
    const written = count(usage.cache_creation_input_tokens) ?? 0;
    const read = count(usage.cache_read_input_tokens) ?? 0;
    if (fresh !== undefined) stats.inputTokens = fresh + written + read;
    if (read > 0) stats.cachedTokens = read;
    const out = count(usage.output_tokens);
    if (out !== undefined) stats.outputTokens = out;
  }
  // 0 is what a CLI that failed before any request reports: no running total to go by.
  const cost = count(detail.costUsd);
  if (cost !== undefined && cost > 0) stats.runningCostUsd = cost;
  return stats;
}

export interface SessionStats {
  byTurn: Map<string, TurnStats>;
  totals: SessionTotals;
}

/**
 * Every finished turn's stats (by requestId) and the session's totals, over the turns
 * held. `fromStart`: the history held begins with the session's first turn, so the first
 * turn's running cost is its own.
 */
export function sessionStats(items: readonly TimelineItem[], fromStart: boolean): SessionStats {
  const byTurn = new Map<string, TurnStats>();
  const totals: SessionTotals = { turns: 0, durationMs: 0, inputTokens: 0, outputTokens: 0 };
  let last: number | undefined; // the latest running cost
  let ended = 0; // the totals of processes that have ended (their running cost dropped)
  for (const item of items) {
    if (item.kind !== 'assistant' || !item.detail || item.stopReason === undefined) continue;
    const { runningCostUsd, ...stats } = readTurnDetail(item.detail);
    if (runningCostUsd !== undefined) {
      if (last !== undefined && runningCostUsd < last) {
        ended += last;
        stats.costUsd = runningCostUsd;
      } else if (last !== undefined) stats.costUsd = runningCostUsd - last;
      else if (fromStart) stats.costUsd = runningCostUsd;
      last = runningCostUsd;
    }
    byTurn.set(item.requestId, stats);
    totals.turns += 1;
    totals.durationMs += stats.durationMs ?? 0;
    totals.inputTokens += stats.inputTokens ?? 0;
    totals.outputTokens += stats.outputTokens ?? 0;
  }
  if (last !== undefined) totals.costUsd = ended + last;
  return { byTurn, totals };
}

// One computation per version of a session's items (they are immutable), however many
// turns show their stats.
const cache = new WeakMap<readonly TimelineItem[], { fromStart: boolean; stats: SessionStats }>();

export function cachedSessionStats(items: readonly TimelineItem[], fromStart: boolean): SessionStats {
  const hit = cache.get(items);
  if (hit?.fromStart === fromStart) return hit.stats;
  const stats = sessionStats(items, fromStart);
  cache.set(items, { fromStart, stats });
  return stats;
}

/** A finished turn's cost, for its stats line (a number, so a selector can compare it). */
export function turnCost(items: readonly TimelineItem[], fromStart: boolean, item: AssistantItem): number | undefined {
  return cachedSessionStats(items, fromStart).byTurn.get(item.requestId)?.costUsd;
}

// ---- in words ----

/** "950", "1.2k", "12k", "1.3M". */
export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 10_000) return `${(Math.round(n / 100) / 10).toFixed(1).replace(/\.0$/, '')}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(Math.round(n / 100_000) / 10).toFixed(1).replace(/\.0$/, '')}M`;
}

/** "$1.23", "$0.12", "$0.012", "$0.0042", "$0". */
export function formatCost(usd: number): string {
  if (usd <= 0) return '$0';
  if (usd >= 0.1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(3)}`;
  return `$${Math.max(usd, 0.0001).toFixed(4)}`;
}

/** "1.2k in / 340 out", with the exact numbers for a title. */
export function tokensText(input: number | undefined, output: number | undefined, cached?: number): { text: string; title: string } | null {
  if (input === undefined && output === undefined) return null;
  const text = `${formatTokens(input ?? 0)} in / ${formatTokens(output ?? 0)} out`;
  const fromCache = cached ? ` (${cached.toLocaleString('en-US')} from the prompt cache)` : '';
  return { text, title: `${(input ?? 0).toLocaleString('en-US')} input tokens${fromCache}, ${(output ?? 0).toLocaleString('en-US')} output tokens` };
}
