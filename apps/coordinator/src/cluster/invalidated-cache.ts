/** How long an entry lives and how many are kept. */
export interface InvalidatedCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries: number;
  /** The clock, in ms; tests pass their own. */
  readonly now?: () => number;
}

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

/**
 * Values read from the database, by key, kept until they are invalidated, for at most `ttlMs`,
 * and at most `maxEntries` of them (least recently used dropped first). No I/O of its own: the
 * caller passes the read.
 *
 * A read that began before an invalidation is not kept: an invalidation counts up a
 * generation, and a read stores its value only if the generation it began in is still the
 * current one. So a value read while a change was being committed (the read saw the old row)
 * never outlives the message that announced the change.
 *
 * Callers that ask for a key while it is being read share that read (fifty starts of one
 * workflow arriving together, or right after its entry expired, cost one statement), unless
 * the key was invalidated since the read began: they read again.
 */
export class InvalidatedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly reading = new Map<string, { readonly generation: number; readonly value: Promise<V> }>();
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly options: InvalidatedCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The cached value of `key`, or what `read` answers (kept unless invalidated meanwhile). */
  async get(key: string, read: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) {
      // Least recently used goes first: what was just used moves to the end.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.value;
    }
    const inFlight = this.reading.get(key);
    if (inFlight && inFlight.generation === this.generation) return inFlight.value;
    const began = this.generation;
    const value = read();
    this.reading.set(key, { generation: began, value });
    try {
      const answered = await value;
      if (began === this.generation) this.keep(key, answered);
      return answered;
    } finally {
      if (this.reading.get(key)?.value === value) this.reading.delete(key);
    }
  }

  /** Forgets `key`, or every entry when no key is given; reads in flight keep nothing. */
  invalidate(key?: string): void {
    this.generation += 1;
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private keep(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}
