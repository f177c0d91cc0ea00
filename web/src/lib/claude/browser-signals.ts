// Browser life-cycle signals that matter to a long-lived connection. Timers of a
// background tab are throttled (to once a minute), so a tab coming back must check its
// link at once instead of trusting timers; `offline` shows disconnected immediately.
// Returns one disposer that removes every listener.

export interface WakeTarget {
  wake(): void;
  setOnline(online: boolean): void;
}

export function watchBrowserSignals(client: WakeTarget, win: Window = window): () => void {
  const onVisibility = () => {
    if (win.document.visibilityState === 'visible') client.wake();
  };
  const onPageShow = () => client.wake();
  const onOnline = () => client.setOnline(true);
  const onOffline = () => client.setOnline(false);
  win.document.addEventListener('visibilitychange', onVisibility);
  win.addEventListener('pageshow', onPageShow);
  win.addEventListener('online', onOnline);
  win.addEventListener('offline', onOffline);
  return () => {
    win.document.removeEventListener('visibilitychange', onVisibility);
    win.removeEventListener('pageshow', onPageShow);
    win.removeEventListener('online', onOnline);
    win.removeEventListener('offline', onOffline);
  };
}
