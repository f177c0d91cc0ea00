import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../types/websocket';
import type { AssistantItem, TimelineItem } from './store/timeline';
import { cachedSessionStats, formatCost, formatTokens, readTurnDetail, sessionStats, tokensText, turnCost } from './turn-stats';

function reply(requestId: string, detail?: JsonObject): AssistantItem {
  const item: AssistantItem = { kind: 'assistant', id: `a:${requestId}`, requestId, text: 'ok', streaming: false, stopReason: 'end_turn' };
  if (detail) item.detail = detail;
  return item;
}

const usage = (input: number, output: number, read = 0, written = 0) => ({ input_tokens: input, output_tokens: output, cache_read_input_tokens: read, cache_creation_input_tokens: written });

describe('turn stats', () => {
  it('reads duration, tokens in (new, cache written, cache read) and out, and the running cost', () => {
    expect(readTurnDetail({ durationMs: 4200, usage: usage(12, 340, 11_000, 900), costUsd: 0.05, numTurns: 2 })).toEqual({
      durationMs: 4200,
      inputTokens: 11_912,
      cachedTokens: 11_000,
      outputTokens: 340,
      runningCostUsd: 0.05,
    });
    expect(readTurnDetail({ error: 'The Claude Code CLI is not installed', costUsd: 0 })).toEqual({});
  });

  it('a turn’s cost is the running cost’s step; a drop is a new process, whose count starts again', () => {
    const items: TimelineItem[] = [
      { kind: 'user', id: 'r1', text: 'a' },
      reply('r1', { durationMs: 1000, usage: usage(10, 5), costUsd: 0.01 }),
      reply('r2', { durationMs: 2000, usage: usage(20, 6), costUsd: 0.03 }),
      reply('r3', { durationMs: 500, usage: usage(5, 1), costUsd: 0.004 }), // after a restart
      reply('r4'), // the echo backend, or an interrupted turn: no detail
      reply('r5', { durationMs: 100, usage: usage(1, 1), costUsd: 0.006 }),
    ];
    const { byTurn, totals } = sessionStats(items, true);
    expect(byTurn.get('r1')?.costUsd).toBeCloseTo(0.01);
    expect(byTurn.get('r2')?.costUsd).toBeCloseTo(0.02);
    expect(byTurn.get('r3')?.costUsd).toBeCloseTo(0.004);
    expect(byTurn.has('r4')).toBe(false);
    expect(byTurn.get('r5')?.costUsd).toBeCloseTo(0.002);
    expect(totals).toMatchObject({ turns: 4, durationMs: 3600, inputTokens: 36, outputTokens: 13 });
    expect(totals.costUsd).toBeCloseTo(0.036);
  });

  it('held from its tail, the first turn’s own cost is unknown; the total still counts its process', () => {
    const items = [reply('r7', { costUsd: 0.5 }), reply('r8', { costUsd: 0.6 })];
    const { byTurn, totals } = sessionStats(items, false);
    expect(byTurn.get('r7')?.costUsd).toBeUndefined();
    expect(byTurn.get('r8')?.costUsd).toBeCloseTo(0.1);
    expect(totals.costUsd).toBeCloseTo(0.6);
  });

  it('no cost reported: no total cost', () => {
    expect(sessionStats([reply('r1', { durationMs: 10 })], true).totals.costUsd).toBeUndefined();
    expect(sessionStats([], true).totals).toEqual({ turns: 0, durationMs: 0, inputTokens: 0, outputTokens: 0 });
  });

  it('computes once per version of the items', () => {
    const second = reply('r2', { costUsd: 0.25 });
    const items = [reply('r1', { costUsd: 0.2 }), second];
    expect(cachedSessionStats(items, true)).toBe(cachedSessionStats(items, true));
    expect(turnCost(items, true, second)).toBeCloseTo(0.05);
  });

  it('says tokens and cost briefly, with the exact numbers for a title', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(1000)).toBe('1k');
    expect(formatTokens(1234)).toBe('1.2k');
    expect(formatTokens(12_345)).toBe('12k');
    expect(formatTokens(1_345_000)).toBe('1.3M');
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.00042)).toBe('$0.0004');
    expect(formatCost(0.0123)).toBe('$0.012');
    expect(formatCost(0.456)).toBe('$0.46');
    expect(formatCost(12.3)).toBe('$12.30');
    expect(tokensText(11_912, 340, 11_000)).toEqual({
      text: '12k in / 340 out',
      title: '11,912 input tokens (11,000 from the prompt cache), 340 output tokens',
    });
    expect(tokensText(undefined, undefined)).toBeNull();
  });
});
