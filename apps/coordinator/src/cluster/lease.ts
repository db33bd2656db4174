/**
 * A lease on one piece of singleton work (the reconciler, the deadline watchdog, pruning,
 * sweeps), held by one replica at a time and handed over when its holder dies.
 *
 * The holder renews it every third of its TTL. It counts as held only until `ttlMs` after the
 * last renewal was *sent* (not answered), so a holder cut off from the store stops its work
 * before the store lets another replica take it; a holder that dies lets it expire after at
 * most `ttlMs`. Each acquisition gets a fencing token one higher than the last: work that
 * writes somewhere can be told which holder is newer.
 */
export interface LeaseStore {
  /** Takes the lease, or renews it when `holder` has it; the fencing token, or null when another replica holds it. */
  acquire(name: string, holder: string, ttlMs: number): Promise<number | null>;
  /** Gives the lease up if `holder` has it (a clean shutdown hands over at once). */
  release(name: string, holder: string): Promise<void>;
}

export interface LeaseEvents {
  readonly acquired: (name: string, fence: number) => void;
  readonly lost: (name: string, reason: string) => void;
}

export class Lease {
  private fenceToken: number | undefined;
  private validUntilMs = 0;
  private passCount = 0;

  constructor(
    readonly name: string,
    private readonly holder: string,
    private readonly ttlMs: number,
    private readonly store: LeaseStore,
    private readonly events: LeaseEvents,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether this replica may do the work now. */
  get held(): boolean {
    return this.fenceToken !== undefined && this.now() < this.validUntilMs;
  }

  /** The fencing token of the current holding, if held. */
  get fence(): number | undefined {
    return this.held ? this.fenceToken : undefined;
  }

  /** Passes of the work this replica ran under the lease. */
  get passes(): number {
    return this.passCount;
  }

  /** Asked at the start of each pass of the work: true (and counted) when this replica holds the lease. */
  admitsPass(): boolean {
    if (!this.held) return false;
    this.passCount += 1;
    return true;
  }

  /** Takes or renews the lease; never throws (a failed renewal lets the lease run out). */
  async renew(): Promise<void> {
    const sentAtMs = this.now();
    let fence: number | null;
    try {
      fence = await this.store.acquire(this.name, this.holder, this.ttlMs);
    } catch (error) {
      // Still held until its TTL runs out; past it, this replica stops the work.
      if (this.fenceToken !== undefined && !this.held) this.drop(`could not renew: ${(error as Error).message}`);
      return;
    }
    if (fence === null) {
      if (this.fenceToken !== undefined) this.drop('another replica holds it');
      return;
    }
    this.validUntilMs = sentAtMs + this.ttlMs;
    if (this.fenceToken !== fence) {
      this.fenceToken = fence;
      this.events.acquired(this.name, fence);
    }
  }

  async release(): Promise<void> {
    const had = this.fenceToken !== undefined;
    this.fenceToken = undefined;
    this.validUntilMs = 0;
    if (had) await this.store.release(this.name, this.holder).catch(() => undefined);
  }

  private drop(reason: string): void {
    this.fenceToken = undefined;
    this.validUntilMs = 0;
    this.events.lost(this.name, reason);
  }
}
