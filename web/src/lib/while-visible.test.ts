// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whileVisible } from './while-visible';

let visibility: DocumentVisibilityState = 'visible';

function setVisibility(next: DocumentVisibilityState) {
  visibility = next;
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  vi.useFakeTimers();
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('whileVisible', () => {
  it('runs every interval while visible, not while hidden, and at once when visible again', () => {
    const task = vi.fn();
    const dispose = whileVisible(task, 15_000);
    expect(task).not.toHaveBeenCalled(); // the page loads its list itself
    vi.advanceTimersByTime(15_000);
    expect(task).toHaveBeenCalledTimes(1);
    setVisibility('hidden');
    vi.advanceTimersByTime(60_000);
    expect(task).toHaveBeenCalledTimes(1);
    setVisibility('visible');
    expect(task).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(14_999);
    expect(task).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(task).toHaveBeenCalledTimes(3);
    dispose();
    vi.advanceTimersByTime(60_000);
    setVisibility('hidden');
    setVisibility('visible');
    expect(task).toHaveBeenCalledTimes(3);
  });

  it('starts idle in a hidden page', () => {
    visibility = 'hidden';
    const task = vi.fn();
    const dispose = whileVisible(task, 1000);
    vi.advanceTimersByTime(10_000);
    expect(task).not.toHaveBeenCalled();
    dispose();
  });
});
