import type { Redis } from 'ioredis';
import { clusterKeys } from './cluster-redis';
import type { LeaseStore } from './lease';

/**
 * acquire — one round trip.
 *   KEYS[1]: the lease (value `<holder>|<fence>`), KEYS[2]: its fencing counter.
 *   ARGV[1]: the holder, ARGV[2]: the TTL in ms.
 *   Held by ARGV[1]: extended, its fence returned. Held by another: nil. Free: the counter is
 *   incremented and the lease set with the new fence, which is returned.
 */
const ACQUIRE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
local mine = ARGV[1] .. '|'
if current then
  if string.sub(current, 1, #mine) == mine then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return tonumber(string.sub(current, #mine + 1))
  end
  return false
end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], mine .. fence, 'PX', ARGV[2])
return fence
`;

/**
 * release — KEYS[1]: the lease, ARGV[1]: the holder. Deleted only when the holder has it.
 */
const RELEASE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
local mine = ARGV[1] .. '|'
if current and string.sub(current, 1, #mine) == mine then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

interface LeaseCommands {
  leaseAcquire(numberOfKeys: number, lease: string, fence: string, holder: string, ttlMs: number): Promise<number | null>;
  leaseRelease(numberOfKeys: number, lease: string, holder: string): Promise<number>;
}

/** Leases as Redis keys with a TTL under the deployment's prefix (`<prefix>:lease:<name>`). */
export class RedisLeaseStore implements LeaseStore {
  private readonly redis: Redis & LeaseCommands;
  private readonly keys: ReturnType<typeof clusterKeys>;

  constructor(redis: Redis, prefix: string) {
    redis.defineCommand('leaseAcquire', { lua: ACQUIRE_SCRIPT });
    redis.defineCommand('leaseRelease', { lua: RELEASE_SCRIPT });
    this.redis = redis as Redis & LeaseCommands;
    this.keys = clusterKeys(prefix);
  }

  async acquire(name: string, holder: string, ttlMs: number): Promise<number | null> {
    const fence = await this.redis.leaseAcquire(2, this.keys.lease(name), this.keys.fence(name), holder, ttlMs);
    return fence === null ? null : Number(fence);
  }

  async release(name: string, holder: string): Promise<void> {
    await this.redis.leaseRelease(1, this.keys.lease(name), holder);
  }
}
