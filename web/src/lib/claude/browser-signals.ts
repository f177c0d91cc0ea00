// Browser life-cycle signals that matter to a long-lived connection. Timers of a
// background tab are throttled (to once a minute), so a tab coming back must check its
// link at once instead of trusting timers; `offline` shows disconnected immediately.
// Each of these is also a reason to try again after the client gave up: the tab shown
// again, the window focused, the page restored, the computer woken from sleep (noticed
// by the wall clock jumping, wall-clock-jump.ts). Returns one disposer for all of it.
import { systemClock, type Clock } from './clock';
import { WallClockWatch } from './wall-clock-jump';

export interface WakeTarget {
  wake(reason: string): void;
  setOnline(online: boolean): void;
}

export function watchBrowserSignals(client: WakeTarget, win: Window = window, clock: Clock = systemClock): () => void {
  const visible = () => win.document.visibilityState === 'visible';
  const onVisibility = () => {
    if (visible()) client.wake('the tab was shown');
  };
  const onFocus = () => { client.wake('the window was focused'); };
  const onPageShow = () => { client.wake('the page was shown (restored)'); };
  const onOnline = () => { client.setOnline(true); };
  const onOffline = () => { client.setOnline(false); };
  // A hidden tab is woken by visibilitychange when it is looked at again.
  const watch = new WallClockWatch(clock, (awayMs) => {
    if (visible()) client.wake(`the computer woke: the clock jumped ${Math.round(awayMs / 1000)} s`);
  });
  win.document.addEventListener('visibilitychange', onVisibility);
  win.addEventListener('focus', onFocus);
  win.addEventListener('pageshow', onPageShow);
  win.addEventListener('online', onOnline);
  win.addEventListener('offline', onOffline);
  watch.start();
  return () => {
    watch.stop();
    win.document.removeEventListener('visibilitychange', onVisibility);
    win.removeEventListener('focus', onFocus);
    win.removeEventListener('pageshow', onPageShow);
    win.removeEventListener('online', onOnline);
    win.removeEventListener('offline', onOffline);
  };
}
