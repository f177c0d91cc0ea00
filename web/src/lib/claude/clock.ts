// The client's only access to time. Injected, so unit tests run on a fake clock
// (and can make a timer fire late, as background tabs do) without sleeping.

// Whatever setTimeout returns (a number in browsers, an object in Node): opaque.
export type TimerHandle = number | object;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => { globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>); },
};

/** A named one-shot timer: starting it again replaces the pending run. */
export class Timer {
  private handle: TimerHandle | null = null;
  private dueAt = 0;

  constructor(private readonly clock: Clock) {}

  start(delayMs: number, callback: () => void): void {
    this.stop();
    this.dueAt = this.clock.now() + delayMs;
    this.handle = this.clock.setTimeout(() => {
      this.handle = null;
      callback();
    }, delayMs);
  }

  stop(): void {
    if (this.handle !== null) this.clock.clearTimeout(this.handle);
    this.handle = null;
  }

  get running(): boolean {
    return this.handle !== null;
  }

  /** When the timer was meant to fire (clock time); compare with now() to see lateness. */
  get due(): number {
    return this.dueAt;
  }
}
