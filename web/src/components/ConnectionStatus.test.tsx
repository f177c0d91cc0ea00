// @vitest-environment jsdom
import { assert, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { ConnectionStatus } from './ConnectionStatus';
import { initialConnection } from '../lib/store/claude-store';
import type { ConnectionSnapshot } from '../lib/claude/connection';

function show(partial: Partial<ConnectionSnapshot>) {
  const onRetry = vi.fn();
  render(<ConnectionStatus snapshot={{ ...initialConnection, ...partial }} onRetry={onRetry} />);
  const root = screen.getByTestId('connection-status');
  const dot = root.querySelector('[aria-hidden="true"]');
  assert.exists(dot, 'the coloured dot');
  return { root, dot, onRetry, label: screen.getByRole('status') };
}

describe('ConnectionStatus', () => {
  it('connected: green, a label, the latency, no Retry', () => {
    const { dot, label } = show({ state: 'connected', latencyMs: 12, transport: 'websocket' });
    expect(dot.className).toContain('bg-green-500');
    expect(label.textContent).toBe('Connected');
    expect(label.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByText('12 ms')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(screen.queryByText('HTTP fallback')).toBeNull();
  });

  it('connecting: yellow with a label', () => {
    const { dot, label } = show({ state: 'connecting' });
    expect(dot.className).toContain('bg-yellow-400');
    expect(label.textContent).toBe('Connecting…');
    expect(screen.queryByText(/ms$/)).toBeNull();
  });

  it('reconnecting: the attempt count and the countdown', () => {
    vi.spyOn(Date, 'now').mockReturnValue(100_000);
    const { dot, label } = show({ state: 'connecting', isReconnecting: true, reconnectAttempts: 2, nextRetryAt: 104_000 });
    expect(dot.className).toContain('bg-yellow-400');
    expect(label.textContent).toBe('Reconnecting 2/5 in 4 s');
  });

  it('disconnected: red, a label and a Retry button that retries', () => {
    const { dot, label, onRetry } = show({ state: 'disconnected', failure: 'unreachable' });
    expect(dot.className).toContain('bg-red-500');
    expect(label.textContent).toBe('Disconnected');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('offline: red, says offline', () => {
    const { dot, label } = show({ state: 'disconnected', failure: 'offline' });
    expect(dot.className).toContain('bg-red-500');
    expect(label.textContent).toBe('Offline');
  });

  it('error: gray, a label and Retry', () => {
    const { dot, label } = show({ state: 'error', failure: 'unauthorized' });
    expect(dot.className).toContain('bg-zinc-400');
    expect(label.textContent).toBe('Error');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('HTTP fallback: says so, with the latency', () => {
    const { label } = show({ state: 'connected', transport: 'http', latencyMs: 30, fallbackReason: 'upgrade_refused' });
    expect(label.textContent).toBe('Connected (HTTP fallback)');
    expect(screen.getByText('HTTP fallback')).toBeTruthy();
    expect(screen.getByText('30 ms')).toBeTruthy();
  });

  it('HTTP by the setting: says HTTP, not fallback', () => {
    const { label } = show({ state: 'connected', transport: 'http', latencyMs: 30, fallbackReason: 'chosen' });
    expect(label.textContent).toBe('Connected (HTTP)');
    expect(screen.queryByText('HTTP fallback')).toBeNull();
  });

  it('during a backoff countdown: Retry now, which retries', () => {
    vi.spyOn(Date, 'now').mockReturnValue(100_000);
    const { onRetry } = show({ state: 'connecting', isReconnecting: true, reconnectAttempts: 2, nextRetryAt: 108_000 });
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('opens the connection details from the status', () => {
    show({ state: 'connected', latencyMs: 12, transport: 'websocket' });
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Connection details' }));
    expect(screen.getByRole('dialog', { name: 'Connection details' })).toBeTruthy();
  });
});
