import type { BucketCount } from './rate-limit.buckets';
import type { RateLimitStore } from './redis-rate-limit.store';

/**
 * Buckets kept in memory at most: beyond it the oldest windows are dropped. Each is a few
 * hundred bytes; a hundred thousand addresses failing during one Redis outage is an attack
 * this bound survives.
 */
export const LOCAL_BUCKETS_MAX = 100_000;

/**
 * The same fixed windows in this process's memory: used by the limits that stay open to
 * callers while Redis is unreachable (token checks, agent handshakes), so they are still
 * limited, per replica, instead of not at all.
 */
export class LocalRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  counts(keys: readonly string[]): Promise<BucketCount[]> {
    return Promise.resolve(keys.map((key) => this.read(key)));
  }

  hit(keys: readonly string[], windowMs: number): Promise<BucketCount[]> {
    const now = this.now();
    for (const key of keys) {
      const window = this.windows.get(key);
      if (window && window.endsAt > now) window.count += 1;
      else {
        this.windows.delete(key);
        this.windows.set(key, { count: 1, endsAt: now + windowMs });
      }
    }
    this.bound(now);
    return this.counts(keys);
  }

  private read(key: string): BucketCount {
    const window = this.windows.get(key);
    const left = window ? window.endsAt - this.now() : 0;
    return left > 0 ? { count: window!.count, windowLeftMs: left } : { count: 0, windowLeftMs: 0 };
  }

  /** Drops ended windows, then the oldest ones while over LOCAL_BUCKETS_MAX (a Map iterates in insertion order). */
  private bound(now: number): void {
    if (this.windows.size <= LOCAL_BUCKETS_MAX) return;
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size <= LOCAL_BUCKETS_MAX) break;
      this.windows.delete(key);
    }
  }
}
