// Noticing that the machine slept. A timer that should tick every few seconds is checked
// against the wall clock (Date.now()): when far more time passed between two ticks than
// the timer's interval, the computer was suspended (a laptop lid closed) and every
// socket may be dead without anyone having said so. The connection is then checked at
// once instead of waiting for the heartbeat's deadline or the next backoff step.
// The judgement is a pure function; the watch around it uses the injected clock.
import { Timer, type Clock } from './clock';

export interface JumpOptions {
  /** How often the watch ticks. */
  intervalMs: number;
  /**
   * How much later than due a tick may come and still count as on time. A busy page
   * delays timers by a little; a background tab by up to a minute (its page is hidden
   * then, and the tab's return is noticed by visibilitychange anyway).
   */
  toleranceMs: number;
}

export const defaultJumpOptions: JumpOptions = { intervalMs: 5000, toleranceMs: 15000 };

/**
 * The time the machine was away between a tick expected `intervalMs` after
 * `previousMs` and one that came at `nowMs` (wall clock), or null when it came about on
 * time. A clock set backwards is not a sleep.
 */
export function wallClockJump(previousMs: number, nowMs: number, options: JumpOptions = defaultJumpOptions): number | null {
  const late = nowMs - previousMs - options.intervalMs;
  return late > options.toleranceMs ? late : null;
}

/** Ticks every `intervalMs` and calls `onJump` with the time away when the wall clock jumped. */
export class WallClockWatch {
  private readonly timer: Timer;
  private lastTick = 0;

  constructor(
    private readonly clock: Clock,
    private readonly onJump: (awayMs: number) => void,
    private readonly options: JumpOptions = defaultJumpOptions,
  ) {
    this.timer = new Timer(clock);
  }

  start(): void {
    this.lastTick = this.clock.now();
    this.schedule();
  }

  stop(): void {
    this.timer.stop();
  }

  private schedule(): void {
    this.timer.start(this.options.intervalMs, () => { this.tick(); });
  }

  private tick(): void {
    const now = this.clock.now();
    const away = wallClockJump(this.lastTick, now, this.options);
    this.lastTick = now;
    this.schedule();
    if (away !== null) this.onJump(away);
  }
}
