import { describe, expect, it } from 'vitest';
import type { Envelope } from '../types/websocket';
import { describeActivity, toolDoing } from './activity-text';
import { foldActivities, idleActivity, turnUnderWay, type TurnActivity } from './turn-activity';

const T0 = Date.parse('2026-12-03T10:00:00.000Z');
let seq = 0;
/** An event `atSeconds` after T0. */
function ev(atSeconds: number, type: string, payload: object = {}): Envelope {
  seq += 1;
  return { id: `e${seq}`, type: type as Envelope['type'], payload: { sessionId: 's', requestId: 'r1', ...payload }, timestamp: new Date(T0 + atSeconds * 1000).toISOString(), seq };
}
const at = (seconds: number) => T0 + seconds * 1000;

function fold(...events: Envelope[]): TurnActivity {
  return foldActivities(idleActivity, events, at(0));
}

const line = (state: TurnActivity, nowSeconds: number, backend: string | null = 'claude-code') => describeActivity(state, at(nowSeconds), backend);

const sent = ev(0, 'chat_request', { message: 'hi' });
const running = ev(0.1, 'session_update', { status: 'running', backend: 'claude-code', headSeq: 2 });

describe('the activity line', () => {
  it('says nothing while no turn is under way', () => {
    expect(line(idleActivity, 0)).toBeNull();
    expect(turnUnderWay(idleActivity)).toBe(false);
  });

  it('sent, nothing back yet: starting Claude Code (the echo backend: waiting for the reply), counting', () => {
    const state = fold(sent, running);
    expect(turnUnderWay(state)).toBe(true);
    expect(line(state, 3)).toEqual({ kind: 'starting', text: 'Starting Claude Code…', seconds: 3 });
    expect(line(state, 3, 'echo')?.text).toBe('Waiting for the reply…');
  });

  it('thinking deltas: thinking, for as long as the block has been streaming', () => {
    const state = fold(sent, running, ev(2, 'thinking', { delta: 'Let me', isComplete: false }), ev(3, 'thinking', { delta: ' see', isComplete: false }));
    expect(line(state, 6)).toEqual({ kind: 'thinking', text: 'Thinking…', seconds: 4 });
    const done = foldActivities(state, [ev(7, 'thinking', { delta: '', text: 'Let me see', isComplete: true })], 0);
    expect(line(done, 9)).toEqual({ kind: 'working', text: 'Working…', seconds: 2 });
  });

  it('text deltas: writing', () => {
    const state = fold(sent, running, ev(1, 'chat_stream', { delta: 'Hello', isComplete: false }));
    expect(line(state, 2)).toEqual({ kind: 'writing', text: 'Writing…' });
  });

  it('a tool call without its result: what it does, by its gist, for how long; its result ends it', () => {
    const state = fold(
      sent,
      running,
      ev(1, 'chat_stream', { delta: 'I will run the tests.', isComplete: false }),
      ev(2, 'tool_use', { toolUseId: 't1', name: 'Bash', input: { command: 'npm test' } }),
    );
    expect(line(state, 14)).toEqual({ kind: 'tool', text: 'Running `npm test`…', seconds: 12 });
    const after = foldActivities(state, [ev(15, 'tool_result', { toolUseId: 't1', content: 'ok', isError: false })], 0);
    expect(line(after, 16)).toEqual({ kind: 'working', text: 'Working…', seconds: 1 });
  });

  it('a subagent’s call under way is what shows, with how many more run', () => {
    const state = fold(
      sent,
      running,
      ev(1, 'tool_use', { toolUseId: 'task', name: 'Task', input: { description: 'Look around' } }),
      ev(2, 'tool_use', { toolUseId: 'sub', name: 'Read', input: { file_path: '/w/README.md' }, parentToolUseId: 'task' }),
    );
    expect(line(state, 3)).toEqual({ kind: 'tool', text: 'Reading `/w/README.md`… (+1 more)', seconds: 1 });
  });

  it('a tool call being written: preparing it', () => {
    const state = fold(sent, running, ev(1, 'tool_input', { toolUseId: 't1', name: 'Write', delta: '{"file_' }), ev(2, 'tool_input', { toolUseId: 't1', name: 'Write', delta: 'path"' }));
    expect(line(state, 4)).toEqual({ kind: 'tool-input', text: 'Preparing Write…', seconds: 3 });
  });

  it('an open prompt comes first: waiting for your permission (a question: for your answer), until it is resolved', () => {
    const base = fold(sent, running, ev(1, 'tool_use', { toolUseId: 't1', name: 'Bash', input: { command: 'rm -rf build' } }));
    const asked = foldActivities(base, [ev(2, 'permission_request', { permissionId: 'p1', toolName: 'Bash', input: { command: 'rm -rf build' } })], 0);
    expect(line(asked, 30)).toEqual({ kind: 'permission', text: 'Waiting for your permission: Bash' });
    const answered = foldActivities(asked, [ev(31, 'permission_resolved', { permissionId: 'p1', behavior: 'allow' })], 0);
    expect(line(answered, 33)).toEqual({ kind: 'tool', text: 'Running `rm -rf build`…', seconds: 32 });
    const question = fold(sent, running, ev(1, 'permission_request', { permissionId: 'q', toolName: 'AskUserQuestion', input: {} }));
    expect(line(question, 2)?.text).toBe('Waiting for your answer');
  });

  it('a prompt the server no longer lists (closed while this page was away) is gone', () => {
    const asked = fold(sent, running, ev(1, 'permission_request', { permissionId: 'p1', toolName: 'Bash' }));
    const state = foldActivities(asked, [{ ...ev(5, 'session_update', { status: 'running', detail: { pendingPermissions: [] } }), seq: undefined, replyTo: 'join' }], 0);
    expect(line(state, 6)?.kind).toBe('starting');
  });

  it('an API retry: which attempt, counting down to the next; gone when the backend stops reporting it', () => {
    const retrying = fold(sent, running, ev(4, 'session_update', { status: 'running', detail: { retry: { attempt: 3, maxRetries: 10, delayMs: 8000, error: 'overloaded' }, notice: 'Anthropic API overloaded, retry 3 of 10 in 8 s' } }));
    expect(line(retrying, 4)).toEqual({ kind: 'retry', text: 'Retrying the API 3/10 in 8 s' });
    expect(line(retrying, 9.5)).toEqual({ kind: 'retry', text: 'Retrying the API 3/10 in 3 s' });
    expect(line(retrying, 13)).toEqual({ kind: 'retry', text: 'Retrying the API 3/10…' });
    const over = foldActivities(retrying, [ev(14, 'session_update', { status: 'running', detail: { process: 'running' } })], 0);
    expect(line(over, 15)?.kind).toBe('starting');
  });

  it('waiting for a free Claude Code slot', () => {
    const state = fold(sent, running, ev(0.2, 'session_update', { status: 'running', detail: { process: 'waiting', notice: 'Waiting for a free Claude Code process…' } }));
    expect(line(state, 5)).toEqual({ kind: 'slot', text: 'Waiting for a free Claude Code slot' });
  });

  it('the turn’s end ends it; a message that waited behind it starts then', () => {
    const second = ev(1, 'chat_request', { requestId: 'r2', message: 'and then' });
    const state = fold(sent, running, second, ev(2, 'chat_stream', { delta: 'Hi', isComplete: false }), ev(6, 'chat_response', { message: 'Hi', stopReason: 'end_turn' }));
    expect(state.unanswered).toEqual(['r2']);
    expect(line(state, 8)).toEqual({ kind: 'starting', text: 'Starting Claude Code…', seconds: 2 });
    const done = foldActivities(state, [ev(9, 'chat_response', { requestId: 'r2', message: 'ok', stopReason: 'end_turn' }), ev(9, 'session_update', { status: 'idle' })], 0);
    expect(line(done, 10)).toBeNull();
    expect(done.seen).toEqual(['r1', 'r2']);
  });

  it('idle ends whatever was under way (a lost chat_response, a replayed history)', () => {
    const state = fold(sent, running, ev(1, 'tool_use', { toolUseId: 't', name: 'Bash', input: { command: 'x' } }), ev(2, 'session_update', { status: 'idle' }));
    expect(line(state, 3)).toBeNull();
    expect(state.tools).toEqual([]);
  });

  it('a replayed chat_request seen already changes nothing', () => {
    const state = fold(sent, running);
    expect(foldActivities(state, [sent], 0)).toBe(state);
  });

  it('words for what each tool does', () => {
    expect(toolDoing('Edit', '/w/src/app.ts')).toBe('Editing `/w/src/app.ts`');
    expect(toolDoing('Grep', 'TODO in src')).toBe('Searching `TODO in src`');
    expect(toolDoing('Task', 'Find the bug')).toBe('Running a subagent: Find the bug');
    expect(toolDoing('mcp__db__query', '')).toBe('Using mcp__db__query');
    expect(toolDoing('Bash', 'npm run build && npm test -- --reporter=verbose --coverage --watch=false')).toBe(
      'Running `npm run build && npm test -- --reporter=verbose --coverage …`',
    );
    expect(toolDoing('Bash', 'cat <<EOF\nhello\nEOF')).toBe('Running `cat <<EOF…`');
  });
});
