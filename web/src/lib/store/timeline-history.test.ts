// Older pages prepended to a timeline give the timeline the whole history folded in one
// go would give, wherever the pages were cut: checked at every cut of a history with
// compacted turns, tool calls, permission prompts and thinking, and case by case.
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../types/websocket';
import { addLocalMessage, applyEvents, emptyView, type SessionView } from './timeline';
import { prependEvents } from './timeline-history';

function history(): Envelope[] {
  const events: Envelope[] = [];
  const ev = (type: string, payload: object) =>
    events.push({ id: `e${events.length + 1}`, type: type as Envelope['type'], payload: { sessionId: 's', ...payload }, timestamp: '', seq: events.length + 1 });
  const turn = (r: string, body: () => void, reply: string) => {
    ev('chat_request', { requestId: r, message: `question ${r}` });
    ev('session_update', { status: 'running', backend: 'echo', headSeq: events.length + 1 });
    body();
    // Compacted: the chat_stream events are gone, chat_response carries the text (§2.1).
    ev('chat_response', { requestId: r, message: reply, stopReason: 'end_turn' });
    ev('session_update', { status: 'idle', backend: 'echo', headSeq: events.length + 1 });
  };
  turn('r1', () => undefined, 'plain reply');
  turn('r2', () => {
    ev('thinking', { requestId: 'r2', delta: 'let me ', isComplete: false });
    ev('thinking', { requestId: 'r2', delta: 'think', isComplete: false });
    ev('thinking', { requestId: 'r2', delta: '', text: 'let me think, whole', isComplete: true });
    ev('tool_use', { requestId: 'r2', toolUseId: 't1', name: 'Bash', input: { command: 'ls' } });
    ev('tool_result', { requestId: 'r2', toolUseId: 't1', content: 'a b c', isError: false });
  }, 'ran ls\n\nfound three');
  turn('r3', () => {
    ev('tool_use', { requestId: 'r3', toolUseId: 't2', name: 'Edit', input: { file_path: '/x' } });
    ev('permission_request', { requestId: 'r3', permissionId: 'p1', toolName: 'Edit', toolUseId: 't2', input: { file_path: '/x' }, description: 'edit x', suggestions: [] });
    ev('permission_resolved', { requestId: 'r3', permissionId: 'p1', toolUseId: 't2', behavior: 'deny', message: 'no' });
    ev('tool_result', { requestId: 'r3', toolUseId: 't2', content: 'denied', isError: true });
  }, 'it was denied');
  turn('r4', () => {
    // A subagent (the Agent tool) whose own calls are nested under it.
    ev('tool_use', { requestId: 'r4', toolUseId: 't3', name: 'Agent', input: { description: 'look around' } });
    ev('tool_use', { requestId: 'r4', toolUseId: 't4', name: 'Bash', input: { command: 'pwd' }, parentToolUseId: 't3' });
    ev('tool_result', { requestId: 'r4', toolUseId: 't4', content: '/w', isError: false, parentToolUseId: 't3' });
    ev('tool_use', { requestId: 'r4', toolUseId: 't5', name: 'Read', input: { file_path: '/w/a' }, parentToolUseId: 't3' });
    ev('tool_result', { requestId: 'r4', toolUseId: 't5', content: 'text', isError: false, parentToolUseId: 't3' });
    ev('tool_result', { requestId: 'r4', toolUseId: 't3', content: 'found /w', isError: false });
  }, 'last reply');
  turn('r5', () => undefined, 'after the subagent');
  return events;
}

/** The held tail, then the older part page by page, newest page first (as the UI loads them). */
function pagedIn(events: Envelope[], cuts: number[]): SessionView {
  const bounds = [0, ...cuts, events.length];
  let view = applyEvents(emptyView, events.slice(bounds.at(-2), bounds.at(-1)));
  for (let i = bounds.length - 3; i >= 0; i--) view = prependEvents(view, events.slice(bounds[i], bounds[i + 1]));
  return view;
}

describe('prepending older history', () => {
  const events = history();
  const whole = applyEvents(emptyView, events);

  it('gives the same timeline as the whole history, for every cut into two pages', () => {
    for (let cut = 1; cut < events.length; cut++) {
      const view = pagedIn(events, [cut]);
      expect(view.items, `cut at ${cut}`).toEqual(whole.items);
      expect(view.orphanResolutions, `cut at ${cut}`).toEqual({});
    }
  });

  it('gives the same timeline for every cut into three pages', () => {
    for (let a = 1; a < events.length - 1; a++)
      for (let b = a + 1; b < events.length; b++) expect(pagedIn(events, [a, b]).items, `cuts at ${a}, ${b}`).toEqual(whole.items);
  });

  it('a turn whose chat_request is on the older page and its chat_response held', () => {
    const at = events.findIndex((e) => e.type === 'chat_response' && e.payload.requestId === 'r5');
    const held = applyEvents(emptyView, events.slice(at));
    expect(held.items.map((i) => i.id)).toEqual(['a:r5']);
    const view = prependEvents(held, events.slice(0, at));
    expect(view.items.slice(-2)).toMatchObject([{ kind: 'user', id: 'r5', text: 'question r5' }, { kind: 'assistant', id: 'a:r5', text: 'after the subagent', stopReason: 'end_turn' }]);
  });

  it('a tool_use on the older page and its tool_result held: one card, in the call’s place', () => {
    const at = events.findIndex((e) => e.type === 'tool_result' && e.payload.toolUseId === 't1');
    const held = applyEvents(emptyView, events.slice(at));
    expect(held.items[0]).toMatchObject({ kind: 'tool', id: 'tool:t1', name: 'tool', input: {} });
    const view = prependEvents(held, events.slice(0, at));
    const cards = view.items.filter((i) => i.id === 'tool:t1');
    expect(cards).toEqual([{ kind: 'tool', id: 'tool:t1', toolUseId: 't1', name: 'Bash', input: { command: 'ls' }, result: { content: 'a b c', isError: false } }]);
  });

  it('a subagent\'s calls held while their Task is on the older page go under the Task', () => {
    const at = events.findIndex((e) => e.type === 'tool_use' && e.payload.toolUseId === 't4');
    const held = applyEvents(emptyView, events.slice(at));
    expect(held.items.filter((i) => i.kind === 'tool').map((i) => [i.id, i.parentToolUseId])).toEqual([
      ['tool:t4', 't3'],
      ['tool:t5', 't3'],
      ['tool:t3', undefined],
    ]);
    const view = prependEvents(held, events.slice(0, at));
    const task = view.items.find((i) => i.id === 'tool:t3');
    expect(task).toMatchObject({ name: 'Agent', result: { content: 'found /w' } });
    expect(task?.kind === 'tool' && task.children?.map((c) => [c.name, c.result?.content, c.parentToolUseId])).toEqual([
      ['Bash', '/w', undefined],
      ['Read', 'text', undefined],
    ]);
    expect(view.items.filter((i) => i.id === 'tool:t4' || i.id === 'tool:t5')).toEqual([]);
  });

  it('a permission prompt on the older page and its resolution held: shown resolved, never open', () => {
    const at = events.findIndex((e) => e.type === 'permission_resolved');
    const held = applyEvents(emptyView, events.slice(at));
    expect(held.orphanResolutions).toEqual({ p1: { behavior: 'deny', message: 'no' } });
    const view = prependEvents(held, events.slice(0, at));
    expect(view.items.find((i) => i.id === 'perm:p1')).toMatchObject({ resolved: { behavior: 'deny', message: 'no' } });
    expect(view.orphanResolutions).toEqual({});
  });

  it('the session state stays what the newer events say', () => {
    const running: Envelope = { id: 'x', type: 'session_update', payload: { sessionId: 's', status: 'running', backend: 'claude-code', headSeq: 999 }, timestamp: '', seq: 999 };
    const held = applyEvents(emptyView, [...events.slice(-2), running]);
    const view = prependEvents(held, events.slice(0, -2));
    expect(view.status).toBe('running');
    expect(view.backend).toBe('claude-code');
  });

  it('an empty page changes nothing', () => {
    const held = applyEvents(emptyView, events.slice(5));
    expect(prependEvents(held, [])).toBe(held);
  });

  it('a reply still without chat_response on both sides stays one piece, and older text is not streaming', () => {
    const ev = (seq: number, type: string, payload: object): Envelope => ({ id: `x${seq}`, type: type as Envelope['type'], payload: { sessionId: 's', ...payload }, timestamp: '', seq });
    const older = [ev(1, 'chat_request', { requestId: 'r', message: 'q' }), ev(2, 'chat_stream', { requestId: 'r', delta: 'hel', isComplete: false })];
    const held = applyEvents(emptyView, [ev(3, 'chat_stream', { requestId: 'r', delta: 'lo', isComplete: false })]);
    const view = prependEvents(held, older);
    expect(view.items).toMatchObject([{ kind: 'user', id: 'r' }, { kind: 'assistant', id: 'a:r', text: 'hello', streaming: true }]);
    const orphan = prependEvents(applyEvents(emptyView, [ev(9, 'chat_request', { requestId: 'q', message: 'next' })]), older);
    expect(orphan.items[1]).toMatchObject({ kind: 'assistant', text: 'hel', streaming: false });
  });

  it('a message restored after a reload whose server record is in an older page moves there, sent', () => {
    const held = addLocalMessage(applyEvents(emptyView, events.slice(8)), 'r1', 'question r1');
    const view = prependEvents(held, events.slice(0, 8));
    expect(view.items.filter((i) => i.id === 'r1')).toEqual([{ kind: 'user', id: 'r1', text: 'question r1', delivery: 'sent' }]);
    expect(view.items[0]?.id).toBe('r1');
  });
});
