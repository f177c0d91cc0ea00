// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { watchBrowserSignals } from './browser-signals';
import { FakeClock } from './testing/fake-clock';

describe('watchBrowserSignals', () => {
  it('wakes the client on visible, focus and pageshow, reports online/offline, and stops on dispose', () => {
    const client = { wake: vi.fn(), setOnline: vi.fn() };
    const clock = new FakeClock();
    const dispose = watchBrowserSignals(client, window, clock);
    const visibility = vi.spyOn(document, 'visibilityState', 'get');

    visibility.mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(client.wake).not.toHaveBeenCalled();
    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(client.wake).toHaveBeenLastCalledWith('the tab was shown');
    window.dispatchEvent(new Event('focus'));
    expect(client.wake).toHaveBeenLastCalledWith('the window was focused');
    window.dispatchEvent(new Event('pageshow'));
    expect(client.wake).toHaveBeenCalledTimes(3);
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('online'));
    expect(client.setOnline.mock.calls).toEqual([[false], [true]]);

    dispose();
    expect(clock.pendingTimers).toBe(0);
    window.dispatchEvent(new Event('pageshow'));
    window.dispatchEvent(new Event('focus'));
    window.dispatchEvent(new Event('offline'));
    expect(client.wake).toHaveBeenCalledTimes(3);
    expect(client.setOnline).toHaveBeenCalledTimes(2);
    visibility.mockRestore();
  });

  it('wakes the client when the computer slept (the wall clock jumped), if the tab is visible', () => {
    const client = { wake: vi.fn(), setOnline: vi.fn() };
    const clock = new FakeClock();
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
    const dispose = watchBrowserSignals(client, window, clock);
    clock.advance(60_000);
    expect(client.wake).not.toHaveBeenCalled();
    clock.advanceLate(10 * 60_000);
    expect(client.wake).toHaveBeenCalledTimes(1);
    expect(client.wake.mock.calls[0]?.[0]).toMatch(/^the computer woke: the clock jumped \d+ s$/);
    visibility.mockReturnValue('hidden');
    clock.advanceLate(10 * 60_000);
    expect(client.wake).toHaveBeenCalledTimes(1);
    dispose();
    visibility.mockRestore();
  });
});
