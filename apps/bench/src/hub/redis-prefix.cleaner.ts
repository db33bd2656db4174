import IORedis from 'ioredis';

/** Keys asked for per SCAN step and deleted per UNLINK: small enough not to block Redis. */
const SCAN_BATCH_KEYS = 1_000;

/**
 * Deletes every key under a BullMQ prefix (`<prefix>:*`) with SCAN and UNLINK, never KEYS:
 * the bench may share its Redis with a running installation. Returns the number deleted.
 */
export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', SCAN_BATCH_KEYS);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}
