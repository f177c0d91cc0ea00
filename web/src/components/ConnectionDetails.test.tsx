// @vitest-environment jsdom
// The connection details dialog against the store and a client on fakes: the WebSocket
// switch (remembered, followed by the client), keyboard use, focus, the copied report.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConnectionStatus } from './ConnectionStatus';
import { resetStore, useClaudeStore } from '../lib/store/claude-store';
import { startDiagnostics } from '../lib/store/diagnostics-actions';
import { FakeWebSocket } from '../lib/claude/testing/fake-websocket';
import { FakeEventSource, acceptAndPong, harness, type Harness } from '../lib/claude/testing/client-harness';
import { fakeExecCommand } from '../lib/testing/exec-command';

let h: Harness;
let stop: () => void;

function Status() {
  const snapshot = useClaudeStore((s) => s.connection);
  return <ConnectionStatus snapshot={snapshot} onRetry={() => undefined} />;
}

beforeEach(() => {
  localStorage.clear();
  resetStore();
  FakeWebSocket.reset();
  FakeEventSource.instances = [];
  h = harness();
  stop = startDiagnostics(h.client);
  h.client.onStateChange((snapshot) => { useClaudeStore.setState({ connection: snapshot }); });
});

afterEach(() => {
  stop();
  vi.unstubAllGlobals();
});

function open() {
  render(<Status />);
  const opener = screen.getByRole('button', { name: 'Connection details' });
  opener.focus();
  fireEvent.click(opener);
  return { opener, dialog: screen.getByRole('dialog', { name: 'Connection details' }) };
}

describe('ConnectionDetails', () => {
  it('is a labelled dialog that takes focus, keeps Tab inside, and gives focus back on Escape', async () => {
    const user = userEvent.setup();
    const { opener, dialog } = open();
    expect(dialog.contains(document.activeElement)).toBe(true);
    for (let i = 0; i < 12; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('“Use WebSocket” is a switch, used with the keyboard; off is remembered and the client goes HTTP only', async () => {
    const user = userEvent.setup();
    h.setHttpUp(true);
    h.client.connect();
    acceptAndPong(FakeWebSocket.latest(), h.clock);
    open();
    const toggle = screen.getByRole('switch', { name: 'Use WebSocket' });
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    toggle.focus();
    await user.keyboard(' ');
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(localStorage.getItem('tether.useWebSocket')).toBe('off');
    expect(h.client.webSocketEnabled).toBe(false);
    expect(FakeWebSocket.latest().closedByClient).toBe(true);
    await act(async () => {
      for (let i = 0; i < 10; i++) await Promise.resolve();
    });
    expect(useClaudeStore.getState().connection).toMatchObject({ state: 'connected', transport: 'http', fallbackReason: 'chosen' });
    await user.keyboard('{Enter}');
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    expect(h.client.webSocketEnabled).toBe(true);
  });

  it('a page set to HTTP only never opens a WebSocket', () => {
    stop();
    localStorage.setItem('tether.useWebSocket', 'off');
    const other = harness();
    stop = startDiagnostics(other.client);
    other.client.connect();
    expect(FakeWebSocket.instances).toHaveLength(0);
    expect(useClaudeStore.getState().useWebSocket).toBe(false);
  });

  it('Copy diagnostics copies a report and says “Copied”; the report has no token', async () => {
    let copied = '';
    vi.stubGlobal('isSecureContext', true);
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: (text: string) => ((copied = text), Promise.resolve()) } });
    window.history.replaceState(null, '', '/?session=s1&token=very-secret-token');
    h.client.connect();
    FakeWebSocket.latest().drop(1009);
    open();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy diagnostics' }));
      await Promise.resolve();
    });
    expect(screen.getByText(/^Copied/)).toBeTruthy();
    expect(copied).toContain('Tether connection diagnostics');
    expect(copied).toContain('1009 message too big');
    expect(copied).not.toContain('very-secret-token');
    window.history.replaceState(null, '', '/');
  });

  it('says “Copy failed” and shows the report to copy by hand when the browser refuses', async () => {
    vi.stubGlobal('isSecureContext', false);
    fakeExecCommand(() => false);
    open();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy diagnostics' }));
      await Promise.resolve();
    });
    expect(screen.getByText(/^Copy failed/)).toBeTruthy();
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Diagnostics report' }).value).toContain('Tether connection diagnostics');
  });

  it('shows the last problem with what to do, and the history', () => {
    h.client.connect();
    acceptAndPong(FakeWebSocket.latest(), h.clock);
    FakeWebSocket.latest().drop(1009);
    act(() => { useClaudeStore.setState({ diagnostics: h.client.diagnostics() }); });
    open();
    expect(screen.getByTestId('last-problem').textContent).toContain('1009 message too big');
    expect(screen.getByTestId('last-problem').textContent).toMatch(/What to do: .*shorter message/);
    expect(screen.getByRole('list', { name: 'Connection history, newest first' }).textContent).toContain('websocket closed: 1009 message too big');
    expect(screen.getByRole('img', { name: /^Latency over the last 1 pings/ })).toBeTruthy();
  });
});
