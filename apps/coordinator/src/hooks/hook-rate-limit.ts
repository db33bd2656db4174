import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { HOOK_RATE_WINDOW_MS } from '../config/defaults';
import { LOGGER, type Logger } from '../logging/logger';

export type RateVerdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/** Random bytes that tell two calls of the same millisecond apart in a hook's log. */
const CALL_ID_BYTES = 6;

/**
 * Calls per hook in any window of HOOK_RATE_WINDOW_MS (a sliding log in Redis: one sorted set
 * per hook, scored by call time, trimmed to the window and expiring with it), so every
 * coordinator replica counts the same calls and no burst slips through at a window's edge.
 * Every call counts, refused ones too: a caller guessing secrets is slowed like any other.
 */
@Injectable()
export class HookRateLimit implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
    this.redis.on('error', (error: Error) => logger.warn({ err: error }, 'Redis connection of the hook rate limit failed; reconnecting'));
  }

  async take(hookId: string, perWindow: number, nowMs: number): Promise<RateVerdict> {
    const key = `${this.config.redis.queuePrefix}:hook-calls:${hookId}`;
    const results = await this.redis
      .multi()
      .zremrangebyscore(key, 0, nowMs - HOOK_RATE_WINDOW_MS)
      .zadd(key, nowMs, `${nowMs}-${randomBytes(CALL_ID_BYTES).toString('hex')}`)
      .zcard(key)
      .zrange(key, 0, 0, 'WITHSCORES')
      .pexpire(key, HOOK_RATE_WINDOW_MS)
      .exec();
    const count = Number(results?.[2]?.[1] ?? 0);
    if (count <= perWindow) return { allowed: true };
    const oldest = Number((results?.[3]?.[1] as string[] | undefined)?.[1] ?? nowMs);
    return { allowed: false, retryAfterMs: Math.max(oldest + HOOK_RATE_WINDOW_MS - nowMs, 1) };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
