/**
 * Items that go to the database in one statement when they wait together (group commit): while
 * one statement is out, the items that arrive wait, and when it ends they all go in the next
 * one, up to `maxItems` at a time. A lone item goes at once, so nothing waits for company, and
 * every item's statement is sent after the item arrived. Each caller gets its own item's
 * answer, or the error of its statement.
 *
 * The runs engine batches results per run the same way (runs/shell/keyed-batches.ts); this one
 * has one queue and depends on nothing of the engine.
 */
export class StatementBatches<T, R> {
  private readonly waiting: Array<{ item: T; resolve: (answer: R) => void; reject: (error: unknown) => void }> = [];
  private busy = false;

  constructor(
    /** One answer per item, in the items' order. */
    private readonly run: (items: readonly T[]) => Promise<readonly R[]>,
    private readonly maxItems: number,
  ) {
    if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError(`maxItems must be a positive integer, got ${maxItems}`);
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxItems);
        try {
          const answers = await this.run(batch.map((entry) => entry.item));
          if (answers.length !== batch.length) throw new Error(`a batch of ${batch.length} got ${answers.length} answers`);
          batch.forEach((entry, index) => entry.resolve(answers[index] as R));
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.busy = false;
    }
  }
}
