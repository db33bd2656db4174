/**
 * Items that wait together for the same key go through one call of `work` (group commit):
 * while a batch of a key is in work, items for that key wait; when it ends, all of them form
 * the next batch, up to `maxBatch` at a time. Each caller gets its own item's answer, or the
 * batch's error. Keys do not wait for each other.
 */
export class KeyedBatches<T, R> {
  private readonly waiting = new Map<string, Array<{ item: T; resolve: (value: R) => void; reject: (error: unknown) => void }>>();
  private readonly busy = new Set<string>();

  constructor(
    /** One answer per item, in the items' order. */
    private readonly work: (key: string, items: readonly T[]) => Promise<readonly R[]>,
    private readonly maxBatch: number,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
  }

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.waiting.get(key) ?? [];
      queue.push({ item, resolve, reject });
      this.waiting.set(key, queue);
      if (!this.busy.has(key)) void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    this.busy.add(key);
    try {
      for (;;) {
        const queue = this.waiting.get(key);
        if (!queue || queue.length === 0) return;
        const batch = queue.splice(0, this.maxBatch);
        if (queue.length === 0) this.waiting.delete(key);
        try {
          const answers = await this.work(
            key,
            batch.map((entry) => entry.item),
          );
          if (answers.length !== batch.length) throw new Error(`a batch of ${batch.length} got ${answers.length} answers`);
          batch.forEach((entry, index) => entry.resolve(answers[index] as R));
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.busy.delete(key);
    }
  }
}
