// @vitest-environment jsdom
// A long session opened at its tail, with a real client over a fake socket and a fake
// REST server: the join asks for the tail, the answer's start is kept, "Load earlier
// messages" pages older events in above, a failed page says why and retries, and the
// beginning of the conversation says so.
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useClaudeStore } from '../lib/store/claude-store';
import { selectSession } from '../lib/store/claude-actions';
import { PAGE_EVENTS, TAIL_TURNS } from '../lib/store/history-actions';
import { MessageList } from './MessageList';
import { settle, startFlow, type Flow } from './testing/flow-harness';

let flow: Flow;

const event = (seq: number, type: string, payload: object) => ({ id: `e${seq}`, type, payload: { sessionId: 's_long', ...payload }, timestamp: '', seq });
/** Turn n as the server stores it once compacted: seqs 4n-3 .. 4n. */
const turn = (n: number) => [
  event(4 * n - 3, 'chat_request', { requestId: `r${n}`, message: `question ${n}` }),
  event(4 * n - 2, 'session_update', { status: 'running', backend: 'echo', headSeq: 4 * n - 2 }),
  event(4 * n - 1, 'chat_response', { requestId: `r${n}`, message: `answer ${n}`, stopReason: 'end_turn' }),
  event(4 * n, 'session_update', { status: 'idle', backend: 'echo', headSeq: 4 * n }),
];
const turns = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => turn(from + i)).flat();

beforeEach(() => {
  flow = startFlow();
});
afterEach(() => {
  flow.stop();
  vi.unstubAllGlobals();
});

describe('a long session, opened at its tail', () => {
  it('joins at the tail, pages older events in above, and reaches the beginning', async () => {
    selectSession('s_long');
    const socket = flow.connect();
    const join = socket.sentOfType('session_join')[0];
    expect(join?.payload).toEqual({ sessionId: 's_long', lastSeq: 0, tailTurns: TAIL_TURNS });
    // A 3-turn tail of a 6-turn session (turns 4..6 start at seq 13).
    socket.push(...turns(4, 6), { id: 'u', type: 'session_update', payload: { sessionId: 's_long', status: 'idle', backend: 'echo', headSeq: 24, historyStart: 13, hasOlder: true }, timestamp: '', replyTo: join?.id });
    expect(useClaudeStore.getState().histories.s_long).toEqual({ oldestSeq: 13, hasOlder: true, loading: false, error: null });

    const asked: string[] = [];
    const pages = [
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => Promise.resolve(new Response(JSON.stringify({ events: turns(2, 3), headSeq: 24, hasOlder: true }))),
      () => Promise.resolve(new Response(JSON.stringify({ events: turns(1, 1), headSeq: 24, hasOlder: false }))),
    ];
    vi.stubGlobal('fetch', (url: string) => {
      asked.push(url);
      const page = pages.shift();
      if (!page) throw new Error(`no more pages: ${url}`);
      return page();
    });

    render(<MessageList sessionId="s_long" />);
    expect(screen.getAllByTestId('user-message').map((m) => m.textContent)).toEqual(['question 4', 'question 5', 'question 6']);
    fireEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(screen.getByRole('status').textContent).toBe('Loading earlier messages…');
    await settle();
    expect(screen.getByRole('alert').textContent).toContain("Earlier messages could not be loaded: Can't reach the Tether server.");
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await settle();
    expect(screen.getAllByTestId('user-message').map((m) => m.textContent)).toEqual(['question 2', 'question 3', 'question 4', 'question 5', 'question 6']);
    expect(useClaudeStore.getState().histories.s_long).toMatchObject({ oldestSeq: 5, hasOlder: true });

    fireEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    await settle();
    expect(screen.getAllByTestId('user-message')[0]?.textContent).toBe('question 1');
    expect(screen.getByTestId('history-top').textContent).toBe('Beginning of the conversation');
    expect(asked).toEqual([
      `/api/sessions/s_long/events?before=13&limit=${PAGE_EVENTS}`,
      `/api/sessions/s_long/events?before=13&limit=${PAGE_EVENTS}`,
      `/api/sessions/s_long/events?before=5&limit=${PAGE_EVENTS}`,
    ]);
    // Older pages never move the resume point: a live event after the head still applies.
    socket.push(...turn(7));
    flow.nextFrame();
    expect(screen.getAllByTestId('user-message').at(-1)?.textContent).toBe('question 7');
  });

  it('a tail shorter than the viewport loads the page before it by itself', async () => {
    vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockReturnValue(300);
    const asked: string[] = [];
    vi.stubGlobal('fetch', (url: string) => {
      asked.push(url);
      return Promise.resolve(new Response(JSON.stringify({ events: turns(1, 1), headSeq: 8, hasOlder: false })));
    });
    selectSession('s_long');
    const socket = flow.connect();
    const join = socket.sentOfType('session_join')[0];
    socket.push(...turns(2, 2), { id: 'u', type: 'session_update', payload: { sessionId: 's_long', status: 'idle', backend: 'echo', headSeq: 8, historyStart: 5, hasOlder: true }, timestamp: '', replyTo: join?.id });
    render(<MessageList sessionId="s_long" />);
    await settle();
    expect(asked).toEqual([`/api/sessions/s_long/events?before=5&limit=${PAGE_EVENTS}`]);
    expect(screen.getAllByTestId('user-message').map((m) => m.textContent)).toEqual(['question 1', 'question 2']);
    expect(screen.getByTestId('history-top').dataset.state).toBe('beginning');
  });

  it('an older server (no historyStart) shows the whole history as before, with no paging', () => {
    selectSession('s_long');
    const socket = flow.connect();
    const join = socket.sentOfType('session_join')[0];
    socket.push(...turns(1, 2), { id: 'u', type: 'session_update', payload: { sessionId: 's_long', status: 'idle', backend: 'echo', headSeq: 8 }, timestamp: '', replyTo: join?.id });
    flow.nextFrame();
    render(<MessageList sessionId="s_long" />);
    expect(useClaudeStore.getState().histories.s_long).toBeUndefined();
    expect(screen.queryByTestId('history-top')).toBeNull();
    expect(screen.getAllByTestId('user-message')).toHaveLength(2);
  });
});
