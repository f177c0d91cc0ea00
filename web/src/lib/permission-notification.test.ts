import { describe, expect, it } from 'vitest';
import { permissionNotification, shouldNotify, type NotifyContext } from './permission-notification';

const base: NotifyContext = { enabled: true, access: 'granted', hidden: true };

describe('permission notification', () => {
  it('notifies only when opted in, allowed, and out of sight', () => {
    expect(shouldNotify(base)).toBe(true);
    expect(shouldNotify({ ...base, enabled: false })).toBe(false);
    expect(shouldNotify({ ...base, access: 'denied' })).toBe(false);
    expect(shouldNotify({ ...base, access: 'default' })).toBe(false);
    expect(shouldNotify({ ...base, access: 'unsupported' })).toBe(false);
    expect(shouldNotify({ ...base, hidden: false })).toBe(false);
  });

  it('says which tool, the gist of its input, and is tagged by the prompt', () => {
    const content = permissionNotification({ permissionId: 'p1', toolName: 'Bash', input: { command: 'make test' }, sessionTitle: 'Fix the build' });
    expect(content).toEqual({ title: 'Claude Code asks to use Bash', body: 'Fix the build: make test', tag: 'tether-permission-p1' });
  });

  it('keeps the body short and on one line', () => {
    const long = permissionNotification({ permissionId: 'p2', toolName: 'Bash', input: { command: `echo ${'x'.repeat(300)}\nls` } });
    expect(long.body.length).toBeLessThanOrEqual(120);
    expect(long.body).not.toContain('\n');
    expect(long.body.endsWith('…')).toBe(true);
    expect(permissionNotification({ permissionId: 'p3', toolName: 'Mystery', input: {} }).body).toBe('waiting for your answer');
  });
});
