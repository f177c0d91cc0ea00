// Collects items and hands them over in one batch per animation frame, so a reply
// streaming 50 deltas a second costs one store update (and one render) per frame.
// Hidden tabs get no animation frames at all, so there a timer flushes instead.

export type Scheduler = (flush: () => void) => void;

export const animationFrameScheduler: Scheduler = (flush) => {
  if (typeof document !== 'undefined' && document.visibilityState === 'hidden') {
    setTimeout(flush, 250);
    return;
  }
  requestAnimationFrame(() => { flush(); });
};

export class FrameBatcher<T> {
  private pending: T[] = [];
  private scheduled = false;

  constructor(private readonly deliver: (batch: T[]) => void, private readonly schedule: Scheduler = animationFrameScheduler) {}

  push(item: T): void {
    this.pending.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => { this.flush(); });
  }

  /** Delivers what is pending now (also used before anything that must see it all). */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.deliver(batch);
  }
}
