import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../types/websocket';
import { addLocalMessage, applyEvents, emptyView, setDelivery, type AssistantItem, type PermissionItem, type ToolItem } from './timeline';

let seq = 0;
function ev(type: string, payload: object): Envelope {
  seq += 1;
  return { id: `e${seq}`, type: type as Envelope['type'], payload: { sessionId: 's', ...payload }, timestamp: '', seq };
}

describe('timeline', () => {
  it('a user message shows the images its chat_request carried, sent from here or elsewhere', () => {
    const image = { mediaType: 'image/png', data: 'iVBORw==' } as const;
    const local = addLocalMessage(emptyView, 'r9', 'look', [image]);
    expect(local.items[0]).toMatchObject({ kind: 'user', images: [image], delivery: 'queued' });
    const other = applyEvents(emptyView, [ev('chat_request', { requestId: 'r8', message: 'see', images: [image, { mediaType: 'text/html', data: 'x' }] })]);
    expect(other.items[0]).toMatchObject({ kind: 'user', text: 'see', images: [image] });
    const plain = applyEvents(emptyView, [ev('chat_request', { requestId: 'r7', message: 'no images' })]);
    expect(plain.items[0]).not.toHaveProperty('images');
  });

  it('streams a reply from deltas and replaces it with chat_response', () => {
    let view = applyEvents(emptyView, [
      ev('chat_request', { requestId: 'r1', message: 'hello there' }),
      ev('session_update', { status: 'running', backend: 'echo', headSeq: 2 }),
      ev('chat_stream', { requestId: 'r1', delta: 'hello', isComplete: false }),
      ev('chat_stream', { requestId: 'r1', delta: ' there', isComplete: false }),
    ]);
    const streaming = view.items[1] as AssistantItem;
    expect(streaming).toMatchObject({ kind: 'assistant', text: 'hello there', streaming: true });
    expect(view.status).toBe('running');
    view = applyEvents(view, [
      ev('chat_stream', { requestId: 'r1', delta: '', isComplete: true }),
      ev('chat_response', { requestId: 'r1', message: 'hello there', stopReason: 'end_turn' }),
      ev('session_update', { status: 'idle', backend: 'echo', headSeq: 7 }),
    ]);
    expect(view.items).toHaveLength(2);
    expect(view.items[1]).toMatchObject({ text: 'hello there', streaming: false, stopReason: 'end_turn' });
    expect(view.status).toBe('idle');
  });

  it('a replay after compaction yields exactly the reply text, even if deltas were partial', () => {
    let view = applyEvents(emptyView, [ev('chat_stream', { requestId: 'r1', delta: 'hel', isComplete: false })]);
    view = applyEvents(view, [ev('chat_response', { requestId: 'r1', message: 'hello world', stopReason: 'interrupted' })]);
    expect(view.items[0]).toMatchObject({ text: 'hello world', stopReason: 'interrupted' });
  });

  it('a compacted turn keeps its text and calls in order: the reply is cut where each call happened (replyOffset)', () => {
    const before = 'Je vérifie.'; // multi-byte: offsets are UTF-8 bytes
    const view = applyEvents(emptyView, [
      ev('chat_request', { requestId: 'r1', message: 'check' }),
      ev('tool_use', { requestId: 'r1', toolUseId: 't1', name: 'Bash', input: { command: 'ls' }, replyOffset: new TextEncoder().encode(before).length }),
      ev('tool_result', { requestId: 'r1', toolUseId: 't1', content: 'a.txt', isError: false }),
      ev('tool_use', { requestId: 'r1', toolUseId: 't2', name: 'Read', input: { file_path: 'a.txt' }, replyOffset: new TextEncoder().encode(before).length }),
      ev('chat_response', { requestId: 'r1', message: `${before}\n\nDone.`, stopReason: 'end_turn' }),
    ]);
    expect(view.items.map((i) => (i.kind === 'assistant' ? `a:${i.text}` : i.kind === 'tool' ? `tool:${i.toolUseId}` : i.kind))).toEqual([
      'user',
      `a:${before}`,
      'tool:t1',
      'tool:t2',
      'a:\n\nDone.',
    ]);
    const replies = view.items.filter((i): i is AssistantItem => i.kind === 'assistant');
    expect(replies.map((r) => r.stopReason)).toEqual([undefined, 'end_turn']);
    expect(new Set(view.items.map((i) => i.id)).size).toBe(view.items.length);
  });

  it('a compacted turn whose calls carry no offset shows its reply whole after them, as before', () => {
    const view = applyEvents(emptyView, [
      ev('chat_request', { requestId: 'r2', message: 'check' }),
      ev('tool_use', { requestId: 'r2', toolUseId: 't9', name: 'Bash', input: {} }),
      ev('chat_response', { requestId: 'r2', message: 'All done.', stopReason: 'end_turn' }),
    ]);
    expect(view.items.map((i) => i.kind)).toEqual(['user', 'tool', 'assistant']);
  });

  it('shows our message as queued, then sent; the server record does not duplicate it', () => {
    let view = addLocalMessage(emptyView, 'c-1', 'hi');
    expect(view.items[0]).toMatchObject({ kind: 'user', delivery: 'queued' });
    view = setDelivery(view, 'c-1', 'sent');
    view = applyEvents(view, [ev('chat_request', { requestId: 'c-1', message: 'hi' })]);
    expect(view.items).toHaveLength(1);
    expect(view.items[0]).toMatchObject({ delivery: 'sent' });
  });

  it('the server record of a message marks it sent even when the ack was lost', () => {
    const view = applyEvents(addLocalMessage(emptyView, 'c-2', 'x'), [ev('chat_request', { requestId: 'c-2', message: 'x' })]);
    expect(view.items[0]).toMatchObject({ delivery: 'sent' });
  });

  it('a message restored after a reload moves to its place in the history', () => {
    let view = addLocalMessage(emptyView, 'c-3', 'restored');
    view = applyEvents(view, [
      ev('chat_request', { requestId: 'old', message: 'earlier' }),
      ev('chat_response', { requestId: 'old', message: 'earlier', stopReason: 'end_turn' }),
      ev('chat_request', { requestId: 'c-3', message: 'restored' }),
    ]);
    expect(view.items.map((i) => i.id)).toEqual(['old', 'a:old', 'c-3']);
    expect(view.items[2]).toMatchObject({ delivery: 'sent' });
  });

  it("adds another tab's message from its server record", () => {
    const view = applyEvents(emptyView, [ev('chat_request', { requestId: 'other', message: 'from tab 2' })]);
    expect(view.items[0]).toMatchObject({ kind: 'user', text: 'from tab 2' });
    expect(view.items[0]).not.toHaveProperty('delivery');
  });

  it('matches tool results to their call, and closes a permission prompt when resolved', () => {
    let view = applyEvents(emptyView, [
      ev('tool_use', { toolUseId: 't1', name: 'Bash', input: { command: 'ls' } }),
      ev('permission_request', { permissionId: 'p1', toolName: 'Bash', input: { command: 'ls' }, description: 'List files' }),
    ]);
    expect((view.items[1] as PermissionItem).resolved).toBeUndefined();
    view = applyEvents(view, [
      ev('permission_resolved', { permissionId: 'p1', behavior: 'allow' }),
      ev('tool_result', { toolUseId: 't1', content: 'a\nb', isError: false }),
    ]);
    expect((view.items[1] as PermissionItem).resolved).toEqual({ behavior: 'allow' });
    expect((view.items[0] as ToolItem).result).toEqual({ content: 'a\nb', isError: false });
  });

  it('a file tool\'s result keeps its patch when well formed, says when it was too large, and drops a bad one', () => {
    const hunk = { oldStart: 20, oldLines: 1, newStart: 20, newLines: 1, lines: ['-a', '+b'] };
    const view = applyEvents(emptyView, [
      ev('tool_use', { toolUseId: 'e1', name: 'Edit', input: { file_path: '/w/f', old_string: 'a', new_string: 'b' } }),
      ev('tool_result', { toolUseId: 'e1', content: 'updated', isError: false, patch: [hunk] }),
      ev('tool_use', { toolUseId: 'e2', name: 'Edit', input: { file_path: '/w/g', old_string: 'a', new_string: 'b' } }),
      ev('tool_result', { toolUseId: 'e2', content: 'updated', isError: false, patchTruncated: true }),
      ev('tool_use', { toolUseId: 'e3', name: 'Edit', input: { file_path: '/w/h', old_string: 'a', new_string: 'b' } }),
      ev('tool_result', { toolUseId: 'e3', content: 'updated', isError: false, patch: [{ ...hunk, oldStart: 'twenty' }] }),
    ]);
    const results = view.items.map((item) => (item as ToolItem).result);
    expect(results).toEqual([
      { content: 'updated', isError: false, patch: [hunk] },
      { content: 'updated', isError: false, patchTruncated: true },
      { content: 'updated', isError: false },
    ]);
  });

  it('keeps how a prompt closed: outcome, reason, who answered, and when', () => {
    const request = ev('permission_request', { permissionId: 'p2', toolName: 'Bash', input: { command: 'make' } });
    const resolved = { ...ev('permission_resolved', { permissionId: 'p2', toolName: 'Bash', behavior: 'deny', message: 'no', answeredBy: 'c-7' }), timestamp: '2026-12-03T10:00:00.000Z' };
    const view = applyEvents(emptyView, [request, resolved]);
    expect((view.items[0] as PermissionItem).resolved).toEqual({ behavior: 'deny', message: 'no', answeredBy: 'c-7', at: '2026-12-03T10:00:00.000Z' });
    const interrupted = applyEvents(emptyView, [
      ev('permission_request', { permissionId: 'p3', toolName: 'Bash', input: {} }),
      ev('permission_resolved', { permissionId: 'p3', behavior: 'cancelled', reason: 'interrupted' }),
    ]);
    expect((interrupted.items[0] as PermissionItem).resolved).toEqual({ behavior: 'cancelled', reason: 'interrupted' });
  });

  it('keeps backend state from session_update and ends a reply left streaming when idle', () => {
    const view = applyEvents(emptyView, [
      ev('chat_stream', { requestId: 'r', delta: 'x', isComplete: false }),
      ev('session_update', { status: 'idle', backend: 'echo', backendReason: 'claude not found', headSeq: 2, detail: { model: 'm' } }),
    ]);
    expect(view).toMatchObject({ backend: 'echo', backendReason: 'claude not found', detail: { model: 'm' } });
    expect(view.items[0]).toMatchObject({ streaming: false });
  });

  it('keeps reply text where it was written among tool calls', () => {
    const view = applyEvents(emptyView, [
      ev('chat_stream', { requestId: 'r', delta: 'I will look. ', isComplete: false }),
      ev('tool_use', { toolUseId: 't', name: 'Read', input: { file_path: 'a' } }),
      ev('tool_result', { toolUseId: 't', content: 'x' }),
      ev('chat_stream', { requestId: 'r', delta: 'It says x.', isComplete: false }),
      ev('chat_stream', { requestId: 'r', delta: '', isComplete: true }),
      ev('chat_response', { requestId: 'r', message: 'I will look. It says x.', stopReason: 'end_turn' }),
    ]);
    expect(view.items.map((i) => i.kind)).toEqual(['assistant', 'tool', 'assistant']);
    expect(view.items[0]).toMatchObject({ text: 'I will look. ', streaming: false });
    expect(view.items[2]).toMatchObject({ text: 'It says x.', stopReason: 'end_turn' });
  });

  it('a message typed while a reply streams does not split the reply', () => {
    let view = applyEvents(emptyView, [ev('chat_stream', { requestId: 'r', delta: 'one ', isComplete: false })]);
    view = addLocalMessage(view, 'c-9', 'meanwhile');
    view = applyEvents(view, [ev('chat_stream', { requestId: 'r', delta: 'two', isComplete: false })]);
    expect(view.items.map((i) => i.kind)).toEqual(['assistant', 'user']);
    expect(view.items[0]).toMatchObject({ text: 'one two' });
  });

  it('segments that miss text are replaced by the whole reply at the first one', () => {
    const view = applyEvents(emptyView, [
      ev('chat_stream', { requestId: 'r', delta: 'par', isComplete: false }),
      ev('tool_use', { toolUseId: 't', name: 'Bash', input: { command: 'ls' } }),
      ev('chat_stream', { requestId: 'r', delta: 'tial', isComplete: false }),
      ev('chat_response', { requestId: 'r', message: 'partial and the rest', stopReason: 'end_turn' }),
    ]);
    expect(view.items.map((i) => i.kind)).toEqual(['assistant', 'tool']);
    expect(view.items[0]).toMatchObject({ id: 'a:r', text: 'partial and the rest', stopReason: 'end_turn' });
  });

  it('grows a thinking block from deltas and replaces them with its whole text', () => {
    let view = applyEvents(emptyView, [
      ev('thinking', { delta: 'Let me ', isComplete: false }),
      ev('thinking', { delta: 'thin', isComplete: false }),
    ]);
    expect(view.items).toHaveLength(1);
    expect(view.items[0]).toMatchObject({ kind: 'thinking', text: 'Let me thin', complete: false });
    view = applyEvents(view, [ev('thinking', { delta: '', text: 'Let me think.', isComplete: true }), ev('thinking', { delta: 'Next', isComplete: false })]);
    expect(view.items.map((i) => i.kind === 'thinking' && i.text)).toEqual(['Let me think.', 'Next']);
  });

  it('returns the same view when nothing changed', () => {
    expect(applyEvents(emptyView, [ev('ack', {})])).toBe(emptyView);
  });
});

describe('timeline: tool calls', () => {
  it('shows a tool whose input streams as a provisional card, replaced by its tool_use', () => {
    let view = applyEvents(emptyView, [
      ev('tool_input', { requestId: 'r', toolUseId: 'w1', name: 'Write', delta: '{"file_path":"/w/a.txt",' }),
      ev('tool_input', { requestId: 'r', toolUseId: 'w1', name: 'Write', delta: '"content":"Line 1\\nLi' }),
    ]);
    expect(view.items).toEqual([{ kind: 'tool', id: 'tool:w1', toolUseId: 'w1', name: 'Write', input: {}, inputText: '{"file_path":"/w/a.txt","content":"Line 1\\nLi' }]);
    view = applyEvents(view, [
      ev('tool_use', { requestId: 'r', toolUseId: 'w1', name: 'Write', input: { file_path: '/w/a.txt', content: 'Line 1\nLine 2\n' } }),
      ev('tool_input', { requestId: 'r', toolUseId: 'w1', name: 'Write', delta: 'late' }), // changes nothing now
    ]);
    expect(view.items).toEqual([{ kind: 'tool', id: 'tool:w1', toolUseId: 'w1', name: 'Write', input: { file_path: '/w/a.txt', content: 'Line 1\nLine 2\n' } }]);
  });

  it('drops a provisional card whose tool_use never came once the session is idle (a cancel)', () => {
    const view = applyEvents(emptyView, [
      ev('tool_use', { toolUseId: 'b', name: 'Bash', input: { command: 'ls' } }),
      ev('tool_input', { toolUseId: 'w2', name: 'Write', delta: '{"file_path":"/w/b' }),
      ev('session_update', { status: 'idle', backend: 'claude-code', headSeq: 9 }),
    ]);
    expect(view.items.map((i) => i.id)).toEqual(['tool:b']);
  });

  it('nests a subagent\'s calls under the Task that started them, live, results included', () => {
    let view = applyEvents(emptyView, [
      ev('tool_use', { toolUseId: 'task', name: 'Task', input: { description: 'find things' } }),
      ev('tool_use', { toolUseId: 'g', name: 'Grep', input: { pattern: 'TODO' }, parentToolUseId: 'task' }),
      ev('chat_stream', { requestId: 'r', delta: 'meanwhile', isComplete: false }),
    ]);
    expect(view.items.map((i) => i.id)).toEqual(['tool:task', 'a:r']);
    view = applyEvents(view, [
      ev('tool_result', { toolUseId: 'g', content: 'a.ts: TODO', isError: false, parentToolUseId: 'task' }),
      ev('tool_use', { toolUseId: 'h', name: 'Bash', input: { command: 'false' }, parentToolUseId: 'task' }),
      ev('tool_result', { toolUseId: 'h', content: 'Exit code 1', isError: true, parentToolUseId: 'task' }),
      ev('tool_result', { toolUseId: 'task', content: 'found one', isError: false }),
    ]);
    const task = view.items[0] as ToolItem;
    expect(task.result).toEqual({ content: 'found one', isError: false });
    expect(task.children).toEqual([
      { kind: 'tool', id: 'tool:g', toolUseId: 'g', name: 'Grep', input: { pattern: 'TODO' }, result: { content: 'a.ts: TODO', isError: false } },
      { kind: 'tool', id: 'tool:h', toolUseId: 'h', name: 'Bash', input: { command: 'false' }, result: { content: 'Exit code 1', isError: true } },
    ]);
    expect(view.items).toHaveLength(2);
  });

  it('a subagent\'s call whose Task is not held stands alone and remembers its Task', () => {
    const view = applyEvents(emptyView, [ev('tool_use', { toolUseId: 'g', name: 'Grep', input: {}, parentToolUseId: 'older' })]);
    expect(view.items).toEqual([{ kind: 'tool', id: 'tool:g', toolUseId: 'g', name: 'Grep', input: {}, parentToolUseId: 'older' }]);
  });
});
