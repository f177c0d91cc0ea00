// @vitest-environment jsdom
// The tab title and notifications follow the store: what a user in another tab sees.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope, Session } from '../../types/websocket';
import type { NotificationContent } from '../permission-notification';
import { applyEnvelopes, resetStore, setSessions } from './claude-store';
import { watchPromptAlerts, type NotificationPort } from './prompt-alerts';

let hidden = false;
let access: NotificationPermission = 'granted';
let shown: { content: NotificationContent; onClick: () => void }[] = [];
const port: NotificationPort = { access: () => access, show: (content, onClick) => shown.push({ content, onClick }) };

let seq = 0;
const ev = (sessionId: string, type: string, payload: object): Envelope => ({ id: `e${++seq}`, type: type as Envelope['type'], payload: { sessionId, ...payload }, timestamp: '', seq });
const pending = (sessionId: string, ids: string[]) => ev(sessionId, 'session_update', { status: 'running', backend: 'claude-code', headSeq: seq, detail: { pendingPermissions: ids } });
const request = (sessionId: string, permissionId: string) => ev(sessionId, 'permission_request', { permissionId, toolName: 'Bash', input: { command: 'make test' } });
const apply = (sessionId: string, ...envelopes: Envelope[]) => { applyEnvelopes(new Map([[sessionId, envelopes]])); };
const session = (id: string, promptsWaiting?: number): Session => ({ id, title: `Session ${id}`, createdAt: '', updatedAt: '', status: 'idle', backend: 'claude-code', headSeq: 0, cwd: '/w', ...(promptsWaiting ? { promptsWaiting } : {}) });

let dispose: () => void = () => undefined;
const open = vi.fn();

beforeEach(() => {
  resetStore();
  hidden = false;
  access = 'granted';
  shown = [];
  open.mockReset();
  document.title = 'Tether';
  vi.spyOn(document, 'hidden', 'get').mockImplementation(() => hidden);
  dispose = watchPromptAlerts({ notifications: port, enabled: () => true, open });
});
afterEach(() => {
  dispose();
  vi.restoreAllMocks();
});

describe('prompt alerts', () => {
  it('the tab title counts the waiting prompts, listed and live, and is restored when none wait', () => {
    setSessions([session('a'), session('b', 1)]);
    expect(document.title).toBe('(1) Permission needed · Tether');
    apply('a', request('a', 'p1'), pending('a', ['p1']));
    expect(document.title).toBe('(2) Permission needed · Tether');
    apply('a', ev('a', 'permission_resolved', { permissionId: 'p1', behavior: 'allow' }), pending('a', []));
    setSessions([session('a'), session('b')]);
    expect(document.title).toBe('Tether');
    setSessions([session('b', 1)]);
    dispose();
    expect(document.title).toBe('Tether');
  });

  it('notifies a prompt that arrives while the page is hidden, once; a click opens its session', () => {
    setSessions([session('a')]);
    hidden = true;
    apply('a', pending('a', ['p1'])); // the state before the event: nothing to show yet
    expect(shown).toHaveLength(0);
    apply('a', request('a', 'p1'));
    expect(shown.map((n) => n.content)).toEqual([{ title: 'Claude Code asks to use Bash', body: 'Session a: make test', tag: 'tether-permission-p1' }]);
    apply('a', ev('a', 'chat_stream', { requestId: 'r', delta: 'x', isComplete: false }));
    expect(shown).toHaveLength(1);
    shown[0]?.onClick();
    expect(open).toHaveBeenCalledWith('a');
  });

  it('does not notify a prompt that arrived in sight, nor later when the page hides', () => {
    apply('a', request('a', 'p1'), pending('a', ['p1']));
    hidden = true;
    apply('a', ev('a', 'chat_stream', { requestId: 'r', delta: 'x', isComplete: false }));
    expect(shown).toHaveLength(0);
  });

  it('does not notify when the browser refused, or the setting is off', () => {
    hidden = true;
    access = 'denied';
    apply('a', request('a', 'p1'), pending('a', ['p1']));
    expect(shown).toHaveLength(0);
    dispose();
    access = 'granted';
    dispose = watchPromptAlerts({ notifications: port, enabled: () => false, open });
    apply('a', request('a', 'p2'), pending('a', ['p1', 'p2']));
    expect(shown).toHaveLength(0);
  });
});
