/**
 * Passes of some work per key (a workflow's admission, a batch's fill) that never run twice at
 * once for one key: a pass asked for while one runs makes that one go round once more, and the
 * caller waits for it. After `stop()` no new round starts; `settled()` waits for those running.
 */
export class CoalescedPasses {
  private readonly passes = new Map<string, { running: Promise<void>; again: boolean }>();
  private stopped = false;

  constructor(
    private readonly pass: (key: string) => Promise<void>,
    /** Told of a pass that threw; the next pass (a sweep) repeats the work. */
    private readonly failed: (key: string, error: unknown) => void,
  ) {}

  /** Runs a pass for `key`, or one more round of the pass running. Never throws. */
  run(key: string): Promise<void> {
    const current = this.passes.get(key);
    if (current) {
      current.again = true;
      return current.running;
    }
    const entry = { running: Promise.resolve(), again: false };
    entry.running = (async () => {
      do {
        entry.again = false;
        await this.pass(key).catch((error: unknown) => this.failed(key, error));
      } while (entry.again && !this.stopped);
    })().finally(() => this.passes.delete(key));
    this.passes.set(key, entry);
    return entry.running;
  }

  stop(): void {
    this.stopped = true;
  }

  async settled(): Promise<void> {
    await Promise.allSettled([...this.passes.values()].map((entry) => entry.running));
  }
}
