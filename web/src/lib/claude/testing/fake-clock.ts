// A manual clock for unit tests: time moves only when a test says so, and a test can
// move time without running timers, then run the overdue ones late — what a throttled
// background tab does.
import type { Clock, TimerHandle } from '../clock';

interface Pending {
  id: number;
  due: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  private time = 1_000_000;
  private nextId = 1;
  private timers: Pending[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, due: this.time + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Moves time forward, running each timer at its due time, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > end) break;
      this.time = Math.max(this.time, next.due);
      this.fire(next);
    }
    this.time = end;
  }

  /** Moves time forward without running timers (a frozen tab), then runs the overdue ones late. */
  advanceLate(ms: number): void {
    this.time += ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > this.time) break;
      this.fire(next);
    }
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  private earliest(): Pending | undefined {
    let best: Pending | undefined;
    for (const timer of this.timers) if (!best || timer.due < best.due || (timer.due === best.due && timer.id < best.id)) best = timer;
    return best;
  }

  private fire(timer: Pending): void {
    this.timers = this.timers.filter((t) => t.id !== timer.id);
    timer.callback();
  }
}
