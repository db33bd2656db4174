import type { Redis } from 'ioredis';
import { StatementBatches } from '../persistence/statement-batches';
import type { BucketCount } from './rate-limit.buckets';

/** Where the counters live: Redis (shared by replicas), or this process's memory as a fallback. */
export interface RateLimitStore {
  /** Each bucket's count and the time left in its window (0 and 0 for a bucket never hit). */
  counts(keys: readonly string[]): Promise<BucketCount[]>;
  /** Adds one to each bucket (opening its window on the first), then answers as `counts`. */
  hit(keys: readonly string[], windowMs: number): Promise<BucketCount[]>;
}

/**
 * counts — one round trip, read only.
 *   KEYS: the buckets of one attempt. ARGV: none.
 *   Returns { count1, windowLeftMs1, count2, windowLeftMs2, ... }.
 */
const COUNTS_SCRIPT = `
local result = {}
for _, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key) or '0')
  local left = redis.call('PTTL', key)
  if left < 0 then left = 0 end
  table.insert(result, count)
  table.insert(result, left)
end
return result
`;

/**
 * hit — one round trip: a fixed window per bucket.
 *   KEYS: the buckets of one attempt. ARGV[1]: the window in ms.
 *   INCR each bucket; a bucket without an expiry (new, or left without one) gets the window.
 *   Returns as counts.
 */
const HIT_SCRIPT = `
local result = {}
for _, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local left = redis.call('PTTL', key)
  if left < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    left = tonumber(ARGV[1])
  end
  table.insert(result, count)
  table.insert(result, left)
end
return result
`;

interface RateLimitCommands {
  rateLimitCounts(numberOfKeys: number, ...keys: string[]): Promise<number[]>;
  rateLimitHit(numberOfKeys: number, ...keysAndArgs: string[]): Promise<number[]>;
}

/**
 * Counters in Redis, under the deployment's key prefix, so every coordinator replica counts
 * the same failures. Each hit is one script call (EVALSHA); checks that arrive while one is out
 * wait and go together in the next call, up to `checksPerCall` (every API request checks before
 * it authenticates, so requests in flight would otherwise cost a call each). Each check's call
 * is sent after the check arrived, so it sees every failure counted before it.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis & RateLimitCommands;
  private readonly checks: StatementBatches<readonly string[], BucketCount[]>;

  constructor(redis: Redis, checksPerCall: number) {
    redis.defineCommand('rateLimitCounts', { lua: COUNTS_SCRIPT });
    redis.defineCommand('rateLimitHit', { lua: HIT_SCRIPT });
    this.redis = redis as Redis & RateLimitCommands;
    this.checks = new StatementBatches((keyLists) => this.countsOfChecks(keyLists), checksPerCall);
  }

  async counts(keys: readonly string[]): Promise<BucketCount[]> {
    return this.checks.submit(keys);
  }

  /** The buckets of several checks in one call, answered per check. */
  private async countsOfChecks(keyLists: ReadonlyArray<readonly string[]>): Promise<BucketCount[][]> {
    const keys = keyLists.flat();
    const counts = pairs(await this.redis.rateLimitCounts(keys.length, ...keys));
    let next = 0;
    return keyLists.map((list) => {
      const own = counts.slice(next, next + list.length);
      next += list.length;
      return own;
    });
  }

  async hit(keys: readonly string[], windowMs: number): Promise<BucketCount[]> {
    return pairs(await this.redis.rateLimitHit(keys.length, ...keys, String(windowMs)));
  }
}

function pairs(flat: readonly number[]): BucketCount[] {
  const counts: BucketCount[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) counts.push({ count: Number(flat[index]), windowLeftMs: Number(flat[index + 1]) });
  return counts;
}
