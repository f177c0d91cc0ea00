// @vitest-environment jsdom
// The store and its actions wired to a real client over a fake socket: what the user
// sees (rendered components, store state) and what the "server" receives.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageList } from './MessageList';
import { useClaudeStore } from '../lib/store/claude-store';
import { selectSession, sendMessage } from '../lib/store/claude-actions';
import { present, startFlow, type Flow } from './testing/flow-harness';

const fixture = (name: string): object => JSON.parse(readFileSync(join(import.meta.dirname, '../../../protocol/fixtures', name), 'utf8')) as object;

let flow: Flow;

const event = (type: string, payload: object, seq: number) => ({ id: `e${seq}`, type, payload: { sessionId: 's_demo', ...payload }, timestamp: '', seq });

beforeEach(() => {
  flow = startFlow();
});
afterEach(() => {
  flow.stop();
});

describe('store and actions', () => {
  it('a message typed while disconnected shows queued, goes out once on connect, then shows sent', async () => {
    selectSession('s_demo');
    sendMessage('hello');
    const item = () => useClaudeStore.getState().views.s_demo?.items[0];
    expect(item()).toMatchObject({ kind: 'user', text: 'hello', delivery: 'queued' });
    const socket = flow.connect();
    await Promise.resolve(); // held while offline: released once connected
    const sent = socket.sentOfType('chat_request');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.payload).toEqual({ sessionId: 's_demo', message: 'hello' });
    socket.push({ id: 'a', type: 'ack', payload: {}, timestamp: '', replyTo: sent[0]?.id });
    expect(item()).toMatchObject({ delivery: 'sent' });
    expect(new URL(window.location.href).searchParams.get('session')).toBe('s_demo');
  });

  it('applies a burst of stream events in one store update per frame', () => {
    selectSession('s_demo');
    const socket = flow.connect();
    let updates = 0;
    const unsubscribe = useClaudeStore.subscribe(() => (updates += 1));
    for (let i = 1; i <= 50; i++) socket.push(event('chat_stream', { requestId: 'r', delta: `w${i} `, isComplete: false }, i));
    expect(updates).toBe(0);
    flow.nextFrame();
    expect(updates).toBe(1);
    const reply = useClaudeStore.getState().views.s_demo?.items[0];
    expect(reply).toMatchObject({ kind: 'assistant', streaming: true });
    expect(reply && 'text' in reply && reply.text.split(' ').length).toBe(51);
    unsubscribe();
  });

  it('renders a tool call and a permission prompt; Allow answers it; resolution closes it', () => {
    selectSession('s_demo');
    const socket = flow.connect();
    socket.push(fixture('claude_thinking.json'), fixture('claude_tool_use.json'), fixture('claude_permission_request.json'));
    flow.nextFrame();
    render(<MessageList sessionId="s_demo" />);
    expect(screen.getByTestId('thinking').hasAttribute('open')).toBe(false);
    expect(screen.getByTestId('tool-card').textContent).toContain('make test');
    expect(screen.getByTestId('permission-card').textContent).toContain('Claude wants to use Bash');
    fireEvent.click(screen.getByRole('button', { name: 'Allow' }));
    const answer = socket.sentOfType('permission_response');
    expect(answer.map((e) => e.payload)).toEqual([{ sessionId: 's_demo', permissionId: 'perm-1', behavior: 'allow' }]);
    socket.push(event('permission_resolved', { permissionId: 'perm-1', behavior: 'allow' }, 20));
    flow.nextFrame();
    expect(screen.queryByTestId('permission-card')).toBeNull();
    expect(screen.getByTestId('permission-resolved').textContent).toContain('Allowed');
  });

  it('a closed prompt says who answered (this tab by its connection ids), why, and when', () => {
    selectSession('s_demo');
    const socket = flow.connect();
    socket.push({ id: 'cs', type: 'connection_status', payload: { status: 'connected', connectionId: 'conn-me', serverVersion: '1', heartbeatIntervalMs: 15000 }, timestamp: '' });
    const at = new Date(Date.now() - 5 * 60_000).toISOString();
    socket.push(
      event('permission_request', { permissionId: 'p1', toolName: 'Bash', input: { command: 'make' } }, 1),
      { ...event('permission_resolved', { permissionId: 'p1', toolName: 'Bash', behavior: 'allow', answeredBy: 'conn-me' }, 2), timestamp: at },
      event('permission_request', { permissionId: 'p2', toolName: 'Bash', input: { command: 'ls' } }, 3),
      event('permission_resolved', { permissionId: 'p2', toolName: 'Bash', behavior: 'deny', message: 'not now', answeredBy: 'conn-other' }, 4),
      event('permission_request', { permissionId: 'p3', toolName: 'Edit', input: { file_path: '/a' } }, 5),
      event('permission_resolved', { permissionId: 'p3', toolName: 'Edit', behavior: 'cancelled', reason: 'interrupted' }, 6),
    );
    flow.nextFrame();
    render(<MessageList sessionId="s_demo" />);
    const [mine, theirs, interrupted] = screen.getAllByRole('group', { name: /Permission decision for/ });
    expect(mine?.textContent).toContain('Allowed');
    expect(mine?.textContent).toContain('answered in this tab');
    expect(mine?.textContent).toContain('5 min ago');
    expect(mine?.querySelector('time')?.getAttribute('title')).not.toBe('');
    expect(theirs?.textContent).toContain('Denied');
    expect(theirs?.textContent).toContain('not now');
    expect(theirs?.textContent).toContain('answered in another tab/client');
    expect(interrupted?.textContent).toContain('Cancelled');
    expect(interrupted?.textContent).toContain('interrupted by a server stop');
    expect(interrupted?.textContent).not.toContain('answered in');
    expect(JSON.parse(sessionStorage.getItem('tether.ownConnections') ?? '[]')).toContain('conn-me');
  });

  it('Deny sends the reason; Allow for this session sets remember', () => {
    selectSession('s_demo');
    const socket = flow.connect();
    socket.push(
      event('permission_request', { permissionId: 'p1', toolName: 'Write', input: { file_path: '/tmp/a', content: 'x\ny' } }, 1),
      event('permission_request', { permissionId: 'p2', toolName: 'Bash', input: { command: 'rm -rf build' } }, 2),
    );
    flow.nextFrame();
    render(<MessageList sessionId="s_demo" />);
    const [first, second] = screen.getAllByTestId('permission-card').map((card) => within(card));
    expect(present(first, 'the first card').getByTestId('diff').textContent).toContain('+x');
    fireEvent.click(present(first, 'the first card').getByRole('button', { name: 'Deny…' }));
    fireEvent.change(screen.getByLabelText('Reason for denying'), { target: { value: 'wrong file' } });
    fireEvent.click(screen.getByRole('button', { name: 'Deny' }));
    fireEvent.click(present(second, 'the second card').getByRole('button', { name: 'Allow for this session' }));
    expect(socket.sentOfType('permission_response').map((e) => e.payload)).toEqual([
      { sessionId: 's_demo', permissionId: 'p1', behavior: 'deny', message: 'wrong file' },
      { sessionId: 's_demo', permissionId: 'p2', behavior: 'allow', remember: true },
    ]);
  });

  it('AskUserQuestion shows choices; a choice answers with it', () => {
    selectSession('s_demo');
    const socket = flow.connect();
    const input = { questions: [{ question: 'Which database?', header: 'DB', multiSelect: false, options: [{ label: 'SQLite', description: '' }, { label: 'Postgres', description: '' }] }] };
    socket.push(event('permission_request', { permissionId: 'q1', toolName: 'AskUserQuestion', input }, 1));
    flow.nextFrame();
    render(<MessageList sessionId="s_demo" />);
    fireEvent.click(screen.getByRole('button', { name: 'Postgres' }));
    expect(socket.sentOfType('permission_response').map((e) => e.payload)).toEqual([
      { sessionId: 's_demo', permissionId: 'q1', behavior: 'allow', updatedInput: { ...input, answers: { 'Which database?': 'Postgres' } } },
    ]);
  });

  it('a refused message is marked not sent, with the server’s words', () => {
    selectSession('s_demo');
    const socket = flow.connect();
    sendMessage('x');
    const id = socket.sentOfType('chat_request')[0]?.id;
    socket.push({ id: 'e', type: 'error', payload: { code: 'session_not_found', message: 'No such session.', hint: 'Create one.' }, timestamp: '', replyTo: id });
    expect(useClaudeStore.getState().views.s_demo?.items[0]).toMatchObject({ delivery: 'failed', error: 'No such session. Create one.' });
  });
});
