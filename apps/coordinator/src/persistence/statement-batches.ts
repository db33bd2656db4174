import { KeyedBatches } from './keyed-batches';

/** The one key of a StatementBatches: every item waits for the same statement. */
const ONE_QUEUE = 'statement';

/**
 * Items that go to the database in one statement (or to Redis in one call) when they wait
 * together (group commit): while one statement is out, the items that arrive wait, and when it
 * ends they all go in the next one, up to `maxItems` at a time. A lone item goes at once, so nothing waits for company, and
 * every item's statement is sent after the item arrived. Each caller gets its own item's
 * answer, or the error of its statement. KeyedBatches with a single key: the runs engine keys
 * its results by run, so runs do not wait for each other.
 */
export class StatementBatches<T, R> {
  private readonly queue: KeyedBatches<T, R>;

  constructor(
    /** One answer per item, in the items' order. */
    run: (items: readonly T[]) => Promise<readonly R[]>,
    maxItems: number,
  ) {
    this.queue = new KeyedBatches((_key, items) => run(items), maxItems);
  }

  submit(item: T): Promise<R> {
    return this.queue.submit(ONE_QUEUE, item);
  }
}
