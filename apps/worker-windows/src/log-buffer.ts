/**
 * Holds messages while the control channel is down, up to a bound. When full, the oldest
 * message goes (the newest lines tell the most about a task still running) and is counted,
 * so the loss can be reported once the channel is back.
 */
export class BoundedBuffer<T> {
  private readonly items: T[] = [];
  private droppedCount = 0;

  constructor(readonly capacity: number) {}

  push(item: T): void {
    if (this.capacity <= 0) {
      this.droppedCount += 1;
      return;
    }
    if (this.items.length >= this.capacity) {
      this.items.shift();
      this.droppedCount += 1;
    }
    this.items.push(item);
  }

  get size(): number {
    return this.items.length;
  }

  /** Everything held, oldest first, and how many were dropped since the last drain. */
  drain(): { items: T[]; dropped: number } {
    const drained = { items: this.items.splice(0, this.items.length), dropped: this.droppedCount };
    this.droppedCount = 0;
    return drained;
  }
}
