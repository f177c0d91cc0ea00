// @vitest-environment jsdom
// The Files / Changes panel beside the chat against a fake REST server (global fetch):
// opened from the header, the tree listed folder by folder, a file Claude changed
// marked, a file opened in the viewer, a path in a tool card opening the viewer, the
// changes grouped with a diff and next/previous, errors with Retry, the state remembered.
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyEnvelopes, setCurrentSession, setSessions } from '../lib/store/claude-store';
import { resetWorkbench } from '../lib/store/workbench-store';
import type { Envelope, Session } from '../types/websocket';
import { App } from './App';
import { present, settle, startFlow, type Flow } from './testing/flow-harness';

const shop = '/home/ada/shop';
const session: Session = { id: 's_1', title: 'Cart work', createdAt: '', updatedAt: '', status: 'idle', backend: 'echo', headSeq: 0, cwd: shop, origin: 'tether', cwdExists: true };

let requests: string[] = [];
let failFile = false;
let flow: Flow;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const appTs = 'export function total(items: number[]): number {\n  return items.reduce((a, b) => a + b, 0);\n}\n';
const diff = ['diff --git a/src/app.ts b/src/app.ts', 'index 1..2 100644', '--- a/src/app.ts', '+++ b/src/app.ts', '@@ -10,3 +10,3 @@', ' one', '-two', '+TWO', ' three', ''].join('\n');

function fakeServer(input: string): Promise<Response> {
  requests.push(input);
  const url = new URL(input, 'http://x');
  const path = url.searchParams.get('path');
  switch (url.pathname) {
    case '/api/sessions/s_1/files':
      if (path === '')
        return Promise.resolve(json(200, { path: '', entries: [{ name: 'src', kind: 'directory', size: 0 }, { name: 'README.md', kind: 'file', size: 12 }], total: 2, nextOffset: null, ignoredHidden: 3 }));
      if (path === 'src' && url.searchParams.get('offset') === '0')
        return Promise.resolve(json(200, { path: 'src', entries: [{ name: 'app.ts', kind: 'file', size: appTs.length }], total: 2, nextOffset: 1, ignoredHidden: 0 }));
      if (path === 'src') return Promise.resolve(json(200, { path: 'src', entries: [{ name: 'util.ts', kind: 'file', size: 5 }], total: 2, nextOffset: null, ignoredHidden: 0 }));
      break;
    case '/api/sessions/s_1/file':
      if (failFile) return Promise.resolve(json(403, { error: { code: 'forbidden', message: 'src/app.ts is not readable.', hint: 'Check its permissions.' } }));
      if (path === 'src/app.ts') return Promise.resolve(json(200, { path, size: appTs.length, binary: false, tooLarge: false, text: appTs }));
      if (path === 'logo.png') return Promise.resolve(json(200, { path, size: 2048, binary: true }));
      break;
    case '/api/sessions/s_1/git':
      return Promise.resolve(
        json(200, {
          repository: true,
          branch: 'main',
          head: 'a1b2c3d4e5f60718',
          upstream: 'origin/main',
          ahead: 1,
          behind: 0,
          files: [
            { path: 'src/app.ts', status: 'modified', staged: false, unstaged: true },
            { path: 'notes.txt', status: 'untracked', staged: false, unstaged: true },
          ],
          truncated: false,
        }),
      );
    case '/api/sessions/s_1/git/diff':
      if (path === 'notes.txt') return Promise.resolve(json(200, { diff: 'diff --git a/notes.txt b/notes.txt\nnew file mode 100644\n--- /dev/null\n+++ b/notes.txt\n@@ -0,0 +1 @@\n+hello\n', truncated: false }));
      return Promise.resolve(json(200, { diff, truncated: false }));
    case '/api/claude/capabilities':
      return Promise.resolve(json(200, { backend: 'echo', defaultModel: '', models: [], commands: [], outputStyles: [], permissionModes: [] }));
  }
  return Promise.resolve(json(404, { error: { code: 'not_found', message: `${url.pathname} ${path ?? ''} not found`, hint: '' } }));
}

const event = (type: string, payload: Record<string, unknown>, seq: number): Envelope => ({ id: `e${seq}`, type, payload: { sessionId: 's_1', ...payload }, timestamp: '', seq } as Envelope);

beforeEach(() => {
  requests = [];
  failFile = false;
  vi.stubGlobal('fetch', vi.fn(fakeServer));
  flow = startFlow({ frames: 'at-once' });
  resetWorkbench();
  setSessions([session]);
  setCurrentSession('s_1');
  applyEnvelopes(new Map([['s_1', [event('tool_use', { toolUseId: 't1', name: 'Edit', input: { file_path: `${shop}/src/app.ts`, old_string: 'a', new_string: 'b' } }, 1)]]]));
});
afterEach(() => {
  flow.stop();
  vi.unstubAllGlobals();
});

const panelButton = () => screen.getByRole('button', { name: 'Files & changes' });
const tree = () => within(screen.getByRole('tree', { name: 'Project files' }));

describe('the workbench panel', () => {
  it('opens from the header; the tree lists folders as they open; a file Claude changed is marked and opens in the viewer', async () => {
    render(<App />);
    expect(panelButton().getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(panelButton());
    expect(panelButton().getAttribute('aria-expanded')).toBe('true');
    expect(panelButton().getAttribute('aria-controls')).toBe('workbench');
    expect(screen.getByRole('tab', { name: 'Files', selected: true })).toBeTruthy();
    expect(screen.getByText('Loading the files…').getAttribute('aria-busy')).toBe('true');
    await settle();
    expect(screen.getByTestId('ignored-note').textContent).toBe('3 ignored by .gitignore');
    const src = tree().getByRole('treeitem', { name: /src/ });
    expect(src.getAttribute('aria-expanded')).toBe('false');
    expect(src.getAttribute('aria-level')).toBe('1');
    expect(src.textContent).toContain('holds files changed by Claude');

    // Opened by keyboard: ArrowRight lists it; "Show 1 more" pages.
    fireEvent.keyDown(src, { key: 'ArrowRight' });
    await settle();
    expect(src.getAttribute('aria-expanded')).toBe('true');
    expect(requests).toContain('/api/sessions/s_1/files?path=src&offset=0&limit=500');
    const app = tree().getByRole('treeitem', { name: /app\.ts/ });
    expect(app.getAttribute('aria-level')).toBe('2');
    expect(app.textContent).toContain('changed by Claude');
    fireEvent.click(tree().getByRole('treeitem', { name: 'Show 1 more' }));
    await settle();
    expect(tree().getByRole('treeitem', { name: 'util.ts' })).toBeTruthy();

    // Left closes; opened again it comes from the cache.
    fireEvent.keyDown(src, { key: 'ArrowLeft' });
    expect(src.getAttribute('aria-expanded')).toBe('false');
    const asked = requests.length;
    fireEvent.keyDown(src, { key: 'ArrowRight' });
    expect(requests.length).toBe(asked);

    fireEvent.keyDown(tree().getByRole('treeitem', { name: /app\.ts/ }), { key: 'Enter' });
    await settle();
    const viewer = screen.getByTestId('file-viewer');
    expect(within(viewer).getByRole('navigation', { name: 'File path' }).textContent).toBe('src/app.ts');
    expect(screen.getByTestId('file-size').textContent).toBe(`${appTs.length} bytes`);
    const code = screen.getByRole('region', { name: 'Contents of src/app.ts' });
    expect(code.getAttribute('data-lines')).toBe('3');
    expect([...code.querySelectorAll('[data-line]')].map((line) => line.getAttribute('data-line'))).toEqual(['1', '2', '3']);
    await vi.waitFor(() => { expect(code.getAttribute('data-highlighted')).toBe('true'); });
    expect(code.querySelector('.hljs-keyword')?.textContent).toBe('export');

    // Back to the tree; open and tab are remembered.
    fireEvent.click(screen.getByRole('button', { name: /All files/ }));
    expect(screen.getByRole('tree')).toBeTruthy();
    expect(JSON.parse(localStorage.getItem('tether.workbench') ?? '{}')).toEqual({ open: true, tab: 'files' });

    // A turn that ends lists the folders shown again, in place.
    requests = [];
    act(() => {
      applyEnvelopes(new Map([['s_1', [event('chat_response', { requestId: 'r1', message: 'done', stopReason: 'end_turn' }, 2)]]]));
    });
    expect(screen.queryByText('Loading the files…')).toBeNull();
    await settle();
    expect(requests.filter((r) => r.includes('/files?'))).toEqual(['/api/sessions/s_1/files?path=&offset=0&limit=500', '/api/sessions/s_1/files?path=src&offset=0&limit=500']);
    expect(tree().getByRole('treeitem', { name: /app\.ts/ })).toBeTruthy(); // this fake pages by 1 whatever the limit
    expect(tree().getByRole('treeitem', { name: 'Show 1 more' })).toBeTruthy();
  });

  it('a path in a tool card opens it in the viewer; a read that fails says why and retries', async () => {
    failFile = true;
    render(<App />);
    expect(screen.queryByTestId('workbench')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Open src/app.ts in the Files panel' }));
    await settle();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('src/app.ts is not readable.');
    expect(alert.textContent).toContain('Check its permissions.');
    failFile = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await settle();
    expect(screen.getByRole('region', { name: 'Contents of src/app.ts' })).toBeTruthy();
  });

  it('Changes: branch, groups with status letters, a diff with both line numbers, next file, refreshed when a turn ends', async () => {
    render(<App />);
    fireEvent.click(panelButton());
    fireEvent.click(screen.getByRole('tab', { name: 'Changes' }));
    await settle();
    const summary = screen.getByTestId('git-summary');
    expect(summary.textContent).toContain('main');
    expect(summary.textContent).toContain('a1b2c3d');
    expect(summary.textContent).toContain('1 ahead of origin/main');
    expect(screen.getByRole('heading', { name: 'Changes (1)' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Untracked (1)' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'modified: src/app.ts' }));
    await settle();
    expect(requests).toContain('/api/sessions/s_1/git/diff?path=src%2Fapp.ts');
    const rows = [...screen.getByTestId('change-diff').querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).join('|'));
    expect(rows).toEqual(['@@ -10,3 +10,3 @@', '10|10| |one', '11||-|two', '|11|+|TWO', '12|12| |three']);
    expect(present(screen.getByRole<HTMLButtonElement>('button', { name: 'Previous file' }), 'previous').disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Next file' }));
    await settle();
    expect(screen.getByTestId('change-diff').getAttribute('data-path')).toBe('notes.txt');
    expect(screen.getByTestId('change-diff').textContent).toContain('hello');

    const before = requests.filter((r) => r === '/api/sessions/s_1/git').length;
    act(() => {
      applyEnvelopes(new Map([['s_1', [event('chat_response', { requestId: 'r1', message: 'done', stopReason: 'end_turn' }, 2)]]]));
    });
    await settle();
    expect(requests.filter((r) => r === '/api/sessions/s_1/git').length).toBe(before + 1);
    expect(JSON.parse(localStorage.getItem('tether.workbench') ?? '{}')).toEqual({ open: true, tab: 'changes' });
  });
});
