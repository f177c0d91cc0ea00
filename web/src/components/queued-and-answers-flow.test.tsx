// @vitest-environment jsdom
// Held messages (typed offline or while a reply runs: edited, cancelled, sent when the
// session is free), the outbox's bound in the composer, and permission answers that
// fail (an error reply, a dropped connection) or pick a suggestion: the store and
// actions wired to a real client over a fake socket, as conversation-flow.test.tsx.
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeWebSocket } from '../lib/claude/testing/fake-websocket';
import { useClaudeStore } from '../lib/store/claude-store';
import { selectSession, sendMessage } from '../lib/store/claude-actions';
import { ChatInterface } from './ChatInterface';
import { present, settle, startFlow, type Flow } from './testing/flow-harness';

let flow: Flow;

let seq = 0;
const event = (type: string, payload: object) => ({ id: `e${++seq}`, type, payload: { sessionId: 's_demo', ...payload }, timestamp: new Date().toISOString(), seq });
const messages = (socket: FakeWebSocket) => socket.sentOfType('chat_request').map((e) => e.payload.message);

beforeEach(() => {
  seq = 0;
  flow = startFlow();
});
afterEach(() => {
  flow.stop();
});

describe('held messages', () => {
  it('typed while a reply runs: sent at once, so that the server queues it and its ack keeps it safe', async () => {
    selectSession('s_demo');
    const socket = flow.connect();
    socket.push(event('chat_request', { requestId: 'r1', message: 'first' }), event('session_update', { status: 'running', backend: 'claude-code', headSeq: 2 }));
    flow.nextFrame();
    render(<ChatInterface sessionId="s_demo" />);
    act(() => {
      sendMessage('second');
    });
    await settle();
    expect(messages(socket)).toEqual(['second']);
    expect(screen.queryByRole('button', { name: 'Edit queued message' })).toBeNull();
  });

  it('two typed while a reply runs go in order: the next once the server has recorded the one before', async () => {
    selectSession('s_demo');
    const socket = flow.connect();
    socket.push(event('chat_request', { requestId: 'r1', message: 'first' }), event('session_update', { status: 'running', backend: 'echo', headSeq: 2 }));
    flow.nextFrame();
    render(<ChatInterface sessionId="s_demo" />);
    act(() => {
      sendMessage('a');
      sendMessage('b');
    });
    await settle();
    expect(messages(socket)).toEqual(['a']);
    // Behind one of ours on its way, b is still this page's: it can be edited.
    fireEvent.click(screen.getByRole('button', { name: 'Edit queued message' }));
    const editor = screen.getByRole('textbox', { name: 'Queued message' });
    fireEvent.change(editor, { target: { value: 'b2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const a = socket.sentOfType('chat_request')[0]?.id ?? '';
    socket.push({ id: 'ack', type: 'ack', payload: {}, timestamp: '', replyTo: a });
    await settle();
    expect(messages(socket)).toEqual(['a']); // its record has not been seen yet
    socket.push(event('chat_request', { requestId: a, message: 'a' }));
    flow.nextFrame();
    await settle();
    expect(messages(socket)).toEqual(['a', 'b2']); // while r1 still runs: the server queues both
  });

  it('typed offline and cancelled: never sent', async () => {
    selectSession('s_demo');
    render(<ChatInterface sessionId="s_demo" />);
    act(() => {
      sendMessage('keep');
      sendMessage('drop this');
    });
    expect(screen.getAllByText('(goes when the connection is back)')).toHaveLength(2);
    const dropped = present(screen.getAllByTestId('user-message')[1], 'the second message');
    fireEvent.click(within(dropped).getByRole('button', { name: 'Cancel queued message' }));
    expect(screen.queryByText('drop this')).toBeNull();
    const socket = flow.connect();
    await settle();
    expect(messages(socket)).toEqual(['keep']);
  });

  it('the composer says when the outbox is full, keeps the text, and refuses more', () => {
    selectSession('s_demo');
    render(<ChatInterface sessionId="s_demo" />);
    act(() => {
      for (let i = 0; i < 50; i++) sendMessage(`m${i}`);
    });
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(box, { target: { value: 'one more' } });
    expect(screen.getByRole('alert').textContent).toBe(
      'Not sent: the queue is full. 50 messages already wait to be sent, the most this page keeps. Wait until they have gone, or cancel some.',
    );
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Send' }).disabled).toBe(true);
    expect(sendMessage('one more')).toBe(false);
    expect((box as HTMLTextAreaElement).value).toBe('one more');
    const first = present(screen.getAllByTestId('user-message')[0], 'the first message');
    fireEvent.click(within(first).getByRole('button', { name: 'Cancel queued message' }));
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect((box as HTMLTextAreaElement).value).toBe('');
  });
});

describe('permission answers', () => {
  const prompt = (permissionId = 'p1') =>
    event('permission_request', {
      permissionId,
      toolName: 'Bash',
      input: { command: 'npm test' },
      suggestions: [
        { type: 'addRules', rules: [{ toolName: 'Bash', ruleContent: 'npm test' }], behavior: 'allow', destination: 'localSettings' },
        { type: 'setMode', mode: 'acceptEdits', destination: 'session' },
      ],
    });

  it('a suggestion is a button that answers allow with its index; the decision says what it granted', () => {
    selectSession('s_demo');
    const socket = flow.connect();
    socket.push(prompt());
    flow.nextFrame();
    render(<ChatInterface sessionId="s_demo" />);
    expect(screen.getByRole('button', { name: 'Accept edits from now on' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Always allow npm test in this session' }));
    expect(socket.sentOfType('permission_response').map((e) => e.payload)).toEqual([{ sessionId: 's_demo', permissionId: 'p1', behavior: 'allow', suggestion: 0 }]);
    expect(screen.getByRole('status', { name: '' }).textContent).toBe('Sending your answer…');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Allow' }).disabled).toBe(true);
    socket.push(event('permission_resolved', { permissionId: 'p1', toolName: 'Bash', behavior: 'allow', suggestion: 0 }));
    flow.nextFrame();
    expect(screen.getByTestId('permission-granted').textContent).toBe('Always allow npm test in this session');
  });

  it('an error reply makes the prompt answerable again, with the reason', () => {
    selectSession('s_demo');
    const socket = flow.connect();
    socket.push(prompt());
    flow.nextFrame();
    render(<ChatInterface sessionId="s_demo" />);
    fireEvent.click(screen.getByRole('button', { name: 'Accept edits from now on' }));
    const sent = socket.sentOfType('permission_response')[0]?.id;
    act(() => { socket.push({ id: 'err', type: 'error', payload: { code: 'invalid_message', message: 'permission_response: suggestion 1 is not one this prompt offers', hint: '' }, timestamp: '', replyTo: sent }); });
    expect(screen.getByRole('alert').textContent).toBe('Your answer did not get through: permission_response: suggestion 1 is not one this prompt offers');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Allow' }).disabled).toBe(false);
    expect(useClaudeStore.getState().notice).toBeNull(); // said on the card, not in a banner
  });

  it('a connection that drops before the ack: answerable again, and the old answer is not resent', async () => {
    selectSession('s_demo');
    const socket = flow.connect();
    socket.push(prompt());
    flow.nextFrame();
    render(<ChatInterface sessionId="s_demo" />);
    fireEvent.click(screen.getByRole('button', { name: 'Allow' }));
    act(() => { socket.drop(); });
    expect(screen.getByRole('alert').textContent).toMatch(/^Your answer did not get through: the connection dropped before the server confirmed it/);
    await act(async () => {
      flow.clock.advance(1000);
      await Promise.resolve();
    });
    const next = FakeWebSocket.latest();
    expect(next).not.toBe(socket);
    act(() => { next.accept(); });
    expect(next.sentOfType('permission_response')).toEqual([]);
  });

  it('answered while offline: not sent, and it says so', () => {
    selectSession('s_demo');
    const socket = flow.connect();
    socket.push(prompt());
    flow.nextFrame();
    act(() => { socket.drop(); });
    render(<ChatInterface sessionId="s_demo" />);
    fireEvent.click(screen.getByRole('button', { name: 'Allow' }));
    expect(screen.getByRole('alert').textContent).toBe('Your answer did not get through: there is no connection. Answer again once it is back.');
  });
});
