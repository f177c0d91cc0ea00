import { describe, expect, it } from 'vitest';
import type { Session } from '../types/websocket';
import { emptyView, type SessionView } from './store/timeline';
import { openPrompt, pendingPermissionIds, promptsWaiting, totalPromptsWaiting } from './prompts-waiting';

const session = (id: string, promptsWaiting?: number): Session => ({
  id,
  title: id,
  createdAt: '',
  updatedAt: '',
  status: 'idle',
  backend: 'claude-code',
  headSeq: 0,
  cwd: '/w',
  ...(promptsWaiting === undefined ? {} : { promptsWaiting }),
});
const joined = (pending: unknown[]): SessionView => ({ ...emptyView, backend: 'claude-code', detail: { pendingPermissions: pending as string[] } });

describe('prompts waiting', () => {
  it('a session not joined: the list says, absent means none', () => {
    expect(promptsWaiting(session('a'), undefined)).toBe(0);
    expect(promptsWaiting(session('a', 2), undefined)).toBe(2);
    expect(promptsWaiting(session('a', 0), undefined)).toBe(0);
  });

  it('a joined session: its live backend state wins over the (older) list', () => {
    expect(promptsWaiting(session('a', 1), joined([]))).toBe(0);
    expect(promptsWaiting(session('a'), joined(['p1', 'p2']))).toBe(2);
    expect(pendingPermissionIds(joined(['p1', 7]))).toEqual(['p1']);
  });

  it('a joined session whose backend reports no prompt state (echo, or no state yet): the list', () => {
    expect(promptsWaiting(session('a', 1), emptyView)).toBe(1);
    expect(pendingPermissionIds(emptyView)).toBeUndefined();
  });

  it('counts every session once, listed or only joined', () => {
    const views = { a: joined(['p1']), c: joined(['p3']) };
    expect(totalPromptsWaiting([session('a', 5), session('b', 1)], views)).toBe(3);
    expect(totalPromptsWaiting([], {})).toBe(0);
    expect(totalPromptsWaiting([session('a', 5), session('b', 1)], views, 'a')).toBe(2);
    expect(totalPromptsWaiting([session('a', 5), session('b', 1)], views, 'c')).toBe(2);
  });
});

describe('openPrompt', () => {
  it('finds a prompt still open, not a closed one', () => {
    const prompt = { kind: 'permission' as const, id: 'perm:p1', permissionId: 'p1', toolName: 'Bash', input: {}, description: '', suggestions: [] };
    const view: SessionView = { ...emptyView, items: [prompt, { ...prompt, id: 'perm:p2', permissionId: 'p2', resolved: { behavior: 'allow' } }] };
    expect(openPrompt(view, 'p1')).toBe(prompt);
    expect(openPrompt(view, 'p2')).toBeUndefined();
    expect(openPrompt(view, 'p3')).toBeUndefined();
  });
});
