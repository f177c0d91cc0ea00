import { describe, expect, it, vi } from 'vitest';
import { watchBrowserSignals } from './browser-signals';

describe('watchBrowserSignals', () => {
  it('wakes the client on visible and pageshow, reports online/offline, and stops on dispose', () => {
    const client = { wake: vi.fn(), setOnline: vi.fn() };
    const dispose = watchBrowserSignals(client, window);
    const visibility = vi.spyOn(document, 'visibilityState', 'get');

    visibility.mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(client.wake).not.toHaveBeenCalled();
    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(client.wake).toHaveBeenCalledTimes(1);
    window.dispatchEvent(new Event('pageshow'));
    expect(client.wake).toHaveBeenCalledTimes(2);
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('online'));
    expect(client.setOnline.mock.calls).toEqual([[false], [true]]);

    dispose();
    window.dispatchEvent(new Event('pageshow'));
    window.dispatchEvent(new Event('offline'));
    expect(client.wake).toHaveBeenCalledTimes(2);
    expect(client.setOnline).toHaveBeenCalledTimes(2);
  });
});
