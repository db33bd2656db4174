/**
 * Passes of some work per key (a workflow's admission, a batch's fill) that never run twice at
 * once for one key: a pass asked for while one runs makes that one go round once more, and the
 * caller waits for it. A sweep (`sweepEvery`) looks for keys that need a pass although nobody
 * asked. After `stop()` no new round or sweep starts; `settled()` waits for those running.
 */
export class CoalescedPasses {
  private readonly passes = new Map<string, { running: Promise<void>; again: boolean }>();
  private timer: NodeJS.Timeout | undefined;
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

  /** Runs `sweep` now and every `intervalMs` until stopped (the timer keeps no process alive). */
  sweepEvery(intervalMs: number, sweep: () => Promise<void>): void {
    this.timer = setInterval(() => void sweep(), intervalMs);
    this.timer.unref();
    void sweep();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  async settled(): Promise<void> {
    await Promise.allSettled([...this.passes.values()].map((entry) => entry.running));
  }
}
