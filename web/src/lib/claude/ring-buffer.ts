// A bounded first-in-first-out buffer: once full, each new item pushes out the oldest.
// The connection log and the latency samples live in one, so a tab left open for weeks
// holds the latest few hundred entries, never an ever-growing list.
export class RingBuffer<T> {
  private readonly items: T[] = [];
  private start = 0; // index of the oldest item once the buffer has wrapped
  private droppedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  push(item: T): void {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    this.droppedCount += 1;
  }

  /** Oldest first. */
  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }

  /** The newest item, if any. */
  last(): T | undefined {
    if (this.items.length === 0) return undefined;
    return this.items[(this.start + this.items.length - 1) % this.items.length];
  }

  get size(): number {
    return this.items.length;
  }

  /** How many items were pushed out to make room (the report says the log is cut). */
  get dropped(): number {
    return this.droppedCount;
  }

  clear(): void {
    this.items.length = 0;
    this.start = 0;
    this.droppedCount = 0;
  }
}
