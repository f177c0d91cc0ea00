// @vitest-environment jsdom
// The sidebar grouped by project and the new-session dialog, against a fake REST server
// (global fetch) and a fake socket: what the user sees and what the server receives.
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useClaudeStore } from '../lib/store/claude-store';
import { loadSessions, refreshSessionList, sendMessage } from '../lib/store/claude-actions';
import type { Session } from '../types/websocket';
import { App } from './App';
import { present, settle, startFlow, type Flow } from './testing/flow-harness';

const home = '/home/ada';
const shop = '/home/ada/src/shop';
const blog = '/home/ada/src/blog';
const recent = new Date(Date.now() - 5 * 60_000).toISOString();
const older = new Date(Date.now() - 3 * 3600_000).toISOString();

const sessionInfo = (extra: Partial<Session>): Session => ({
  id: 's_1',
  title: 'Cart work',
  createdAt: older,
  updatedAt: older,
  status: 'idle',
  backend: 'echo',
  headSeq: 0,
  cwd: shop,
  origin: 'tether',
  cwdExists: true,
  ...extra,
});

let requests: { method: string; url: string; body: unknown }[] = [];
let sessions: Session[] = [];
let flow: Flow;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function fakeServer(input: string, init?: RequestInit): Promise<Response> {
  const url = input;
  const method = init?.method ?? 'GET';
  const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
  requests.push({ method, url, body });
  if (url === '/api/sessions' && method === 'GET') return Promise.resolve(json(200, { sessions }));
  if (url === '/api/projects')
    return Promise.resolve(
      json(200, {
        home,
        roots: ['/home/ada/src'],
        projects: [
          { path: shop, name: 'shop', displayPath: '~/src/shop', isRoot: false, exists: true, sessionCount: 1, terminalCount: 1, lastActivity: recent },
          { path: blog, name: 'blog', displayPath: '~/src/blog', isRoot: false, exists: false, sessionCount: 1, terminalCount: 0, lastActivity: older },
          { path: '/home/ada/src', name: 'src', displayPath: '~/src', isRoot: true, exists: true, sessionCount: 0, terminalCount: 0, lastActivity: null },
        ],
      }),
    );
  if (url === '/api/claude/transcripts')
    return Promise.resolve(json(200, { configDir: '/c', skippedLines: 0, elapsedMs: 1, transcripts: [{ claudeSessionId: 'cc-1', cwd: shop, title: 'Fix the cart total', lastActivity: recent, messageCount: 14, bytes: 10, skippedLines: 0 }] }));
  if (url.startsWith('/api/claude/capabilities')) return Promise.resolve(json(200, { backend: 'echo', defaultModel: '', models: [], commands: [], outputStyles: [], permissionModes: [] }));
  if (url === '/api/sessions' && method === 'POST') {
    const request = body as { claudeSessionId?: string; cwd?: string; title?: string };
    if (request.cwd === '/home/ada/src') return Promise.resolve(json(403, { error: { code: 'forbidden', message: 'Not inside a workspace root.', hint: 'Start tether serve with --workspace.' } }));
    const created = request.claudeSessionId
      ? sessionInfo({ id: 's_2', title: 'Fix the cart total', origin: 'terminal', claudeSessionId: request.claudeSessionId, resumeCommand: `cd '${shop}' && claude --resume cc-1` })
      : sessionInfo({ id: 's_3', title: request.title ?? 'New session', cwd: request.cwd ?? shop });
    sessions = [created, ...sessions];
    return Promise.resolve(json(201, { session: created }));
  }
  return Promise.resolve(json(404, { error: { code: 'not_found', message: 'no', hint: '' } }));
}

beforeEach(() => {
  requests = [];
  sessions = [sessionInfo({}), sessionInfo({ id: 's_b', title: 'Old blog post', cwd: blog, cwdExists: false })];
  vi.stubGlobal('fetch', vi.fn(fakeServer));
  flow = startFlow({ frames: 'at-once' });
});
afterEach(() => {
  flow.stop();
  vi.unstubAllGlobals();
});

/** The sidebar's row of a session. */
const row = (id: string) => present(screen.getAllByTestId('session-row').find((r) => r.getAttribute('data-session-id') === id), `the row of ${id}`);
/** The sidebar's group of a project, in the order shown. */
const group = (index: number) => within(present(screen.getAllByTestId('project-group')[index], `project group ${index}`));

describe('sidebar grouped by project', () => {
  it('shows each project with ~ paths and counts, transcripts marked as from the terminal, and a missing folder', async () => {
    render(<App />);
    await act(() => loadSessions());
    const groups = screen.getAllByTestId('project-group');
    expect(groups.map((g) => g.getAttribute('data-path'))).toEqual([shop, blog, '/home/ada/src']);
    const shopGroup = group(0);
    expect(shopGroup.getByTestId('project-path').textContent).toBe('~/src/shop');
    expect(shopGroup.getByTestId('project-count').textContent).toBe('2');
    const transcript = shopGroup.getByTestId('transcript-row');
    expect(transcript.textContent).toContain('Fix the cart total');
    expect(transcript.textContent).toContain('5 min ago · 14 messages');
    expect(within(transcript).getByTitle('Started in Claude Code in a terminal')).toBeTruthy();
    expect(group(1).getByTestId('folder-missing').textContent).toContain('Folder missing');
    // Collapsing a group hides its rows.
    fireEvent.click(shopGroup.getByRole('button', { name: /shop/, expanded: true }));
    expect(shopGroup.queryByTestId('transcript-row')).toBeNull();
  });

  it('opening a transcript posts its id and opens the session it becomes, still marked', async () => {
    render(<App />);
    await act(() => loadSessions());
    fireEvent.click(screen.getByTestId('transcript-row'));
    await settle();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ claudeSessionId: 'cc-1' });
    expect(useClaudeStore.getState().currentSessionId).toBe('s_2');
    expect(row('s_2').getAttribute('data-origin')).toBe('terminal');
    expect(within(row('s_2')).getByTestId('terminal-badge')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Resume in terminal' }).getAttribute('title')).toBe(`cd '${shop}' && claude --resume cc-1`);
    expect(screen.getByTestId('session-cwd').textContent).toBe('~/src/shop');
  });
});

describe('new session dialog', () => {
  it('creates in the chosen project with a title, and remembers the project for next time', async () => {
    render(<App />);
    await act(() => loadSessions());
    fireEvent.click(screen.getByRole('button', { name: 'New' }));
    const dialog = within(screen.getByRole('dialog', { name: 'New session' }));
    // The folder that is gone is not offered; the first root is the default.
    expect(dialog.getAllByRole('radio').map((r) => (r as HTMLInputElement).value)).toEqual([shop, '/home/ada/src']);
    expect(dialog.getByRole<HTMLInputElement>('radio', { checked: true }).value).toBe('/home/ada/src');
    fireEvent.click(dialog.getByRole('radio', { name: 'shop ~/src/shop' }));
    fireEvent.change(dialog.getByLabelText('Title (optional)'), { target: { value: 'Checkout' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Create' }));
    await settle();
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([{ cwd: shop, title: 'Checkout' }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(useClaudeStore.getState().currentSessionId).toBe('s_3');
    expect(localStorage.getItem('tether.lastProject')).toBe(shop);
    fireEvent.click(screen.getByRole('button', { name: 'New' }));
    expect(within(screen.getByRole('dialog')).getByRole<HTMLInputElement>('radio', { checked: true }).value).toBe(shop);
  });

  it('shows the server’s refusal in the dialog', async () => {
    render(<App />);
    await act(() => loadSessions());
    fireEvent.click(screen.getByRole('button', { name: 'New' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await settle();
    expect(screen.getByTestId('new-session-error').textContent).toBe('Not inside a workspace root. Start tether serve with --workspace.');
    expect(screen.getByRole('dialog')).toBeTruthy();
  });
});

describe('a session whose folder is gone', () => {
  it('warns above the composer, and a refused message shows the server’s words', async () => {
    render(<App />);
    await act(() => loadSessions());
    fireEvent.click(within(row('s_b')).getByTestId('session-item'));
    await settle();
    expect(screen.getByTestId('composer-warning').textContent).toContain('folder is gone');
    expect(screen.getByTestId('cwd-missing')).toBeTruthy();
    const socket = flow.connect();
    act(() => {
      sendMessage('hello');
    });
    const id = socket.sentOfType('chat_request')[0]?.id;
    act(() => {
      socket.push({ id: 'e', type: 'error', payload: { code: 'folder_missing', message: `The folder ${blog} is gone.`, hint: 'Restore it, or start a new session in another project.' }, timestamp: '', replyTo: id });
    });
    expect(screen.getByTestId('delivery').textContent).toBe(`not sent: The folder ${blog} is gone. Restore it, or start a new session in another project.`);
  });
});

describe('a permission prompt waiting in a session', () => {
  it('is marked in the sidebar from the list, live once joined, and kept fresh by refreshes', async () => {
    sessions = [sessionInfo({ promptsWaiting: 1 }), sessionInfo({ id: 's_b', title: 'Old blog post', cwd: blog, cwdExists: false })];
    render(<App />);
    await act(() => loadSessions());
    expect(within(row('s_1')).getByRole('status', { name: 'Permission prompt waiting for you' })).toBeTruthy();
    expect(within(row('s_b')).queryByRole('status')).toBeNull();
    // Folded, the project still shows it.
    const shopGroup = group(0);
    fireEvent.click(shopGroup.getByRole('button', { name: /shop/, expanded: true }));
    expect(shopGroup.getByRole('status', { name: 'Permission prompt waiting for you' })).toBeTruthy();
    fireEvent.click(shopGroup.getByRole('button', { name: /shop/, expanded: false }));
    // Joined: its live state says the prompt was answered (the list is older).
    const socket = flow.connect();
    await settle(); // connected: the page loads the list again and opens the newest session
    act(() => { socket.push({ id: 'u', type: 'session_update', payload: { sessionId: 's_1', status: 'running', backend: 'claude-code', headSeq: 3, detail: { pendingPermissions: [] } }, timestamp: '', seq: 3 }); });
    expect(within(row('s_1')).queryByRole('status')).toBeNull();
    // Another session starts waiting: the next refresh of the list shows it.
    sessions = [sessionInfo({ promptsWaiting: 1 }), sessionInfo({ id: 's_b', title: 'Old blog post', cwd: blog, cwdExists: false, promptsWaiting: 2 })];
    await act(() => refreshSessionList());
    expect(within(row('s_b')).getByRole('status', { name: '2 permission prompts waiting for you' })).toBeTruthy();
    expect(within(row('s_1')).queryByRole('status')).toBeNull();
  });
});

describe('the notification setting', () => {
  function stubNotification(answer: NotificationPermission) {
    const requestPermission = vi.fn(() => Promise.resolve(answer));
    vi.stubGlobal('Notification', { permission: 'default', requestPermission });
    return requestPermission;
  }

  it('is off by default; turning it on asks the browser and is remembered', async () => {
    const requestPermission = stubNotification('granted');
    render(<App />);
    const toggle = screen.getByRole('checkbox', { name: 'Notify me when Claude Code asks for permission' });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    fireEvent.click(toggle);
    await settle();
    expect(requestPermission).toHaveBeenCalledTimes(1);
    expect((toggle as HTMLInputElement).checked).toBe(true);
    expect(localStorage.getItem('tether.notifyPermissions')).toBe('on');
    expect(within(screen.getByTestId('notification-setting')).queryByRole('status')).toBeNull();
  });

  it('says so beside the toggle when the browser refuses', async () => {
    stubNotification('denied');
    render(<App />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Notify me when Claude Code asks for permission' }));
    await settle();
    expect(within(screen.getByTestId('notification-setting')).getByRole('status').textContent).toContain('Notifications are blocked for this site');
  });
});
