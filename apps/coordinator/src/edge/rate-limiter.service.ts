import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { COORDINATOR_CONFIG, type CoordinatorConfig, type RateLimitName } from '../config/coordinator.config';
import { RATE_LIMIT_REDIS_TIMEOUT_MS } from '../config/defaults';
import { LOGGER, type Logger } from '../logging/logger';
import { LocalRateLimitStore } from './local-rate-limit.store';
import { bucketsOf, decide, RATE_LIMIT_ENV, RATE_LIMIT_WHAT, type Attempt, type Bucket, type BucketScope } from './rate-limit.buckets';
import { RateLimitUnavailableError } from './rate-limit-unavailable.error';
import { RateLimitedError } from './rate-limited.error';
import { RedisRateLimitStore } from './redis-rate-limit.store';

/**
 * What a limit does while Redis is unreachable. Sign-in and enrollment fail closed (503 /
 * UNAVAILABLE): both are rare, and a caller retries. Token checks and signed agent handshakes
 * count in this process's memory instead: refusing them would turn a Redis restart into an API
 * outage and a fleet-wide disconnect, and they stay limited, per replica.
 */
export const WHEN_STORE_DOWN: Readonly<Record<RateLimitName, 'refuse' | 'count-locally'>> = {
  signIn: 'refuse',
  enroll: 'refuse',
  apiAuth: 'count-locally',
  agentAuth: 'count-locally',
};

/** What a subject bucket stands for, in refusals. */
const SUBJECT_NOUN: Readonly<Record<RateLimitName, string>> = { signIn: 'token', apiAuth: 'token', enroll: 'enroll token', agentAuth: 'agent' };

/** How long the coordinator waits at start for the limiter's Redis connection before serving without it. */
const REDIS_READY_WAIT_MS = 5_000;

/**
 * Limits failed authentications per source address and per token or agent, in fixed windows
 * counted in Redis (shared by every replica). The caller checks before it authenticates and
 * reports a failure after:
 *
 *   await limiter.check('signIn', attempt);      // throws RateLimitedError when over
 *   if (!valid) await limiter.failed('signIn', attempt);
 *
 * Only failures count, so any number of agents or users behind one address may succeed at
 * once. Attempts in flight when the limit is reached may each still fail once more: the
 * overshoot is bounded by the caller's concurrency.
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly redis: Redis;
  private readonly shared: RedisRateLimitStore;
  private readonly local = new LocalRateLimitStore();
  /** Refusals already logged, by bucket key, until their window ends (one warn line per bucket and window). */
  private readonly warned = new Map<string, number>();
  private storeDown = false;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.redis = new Redis(config.redis.url, {
      // Fail at once while disconnected instead of queueing: a check must answer now.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: RATE_LIMIT_REDIS_TIMEOUT_MS,
    });
    this.redis.on('error', (error: Error) => this.markDown(error));
    this.redis.on('ready', () => this.markUp());
    this.shared = new RedisRateLimitStore(this.redis, config.rateLimits.checksPerCall);
  }

  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, REDIS_READY_WAIT_MS);
      this.redis.once('ready', done);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Throws RateLimitedError when the address or the subject is over the limit, RateLimitUnavailableError when it cannot tell and must not guess. */
  async check(limit: RateLimitName, attempt: Attempt): Promise<void> {
    const buckets = this.bucketsOf(limit, attempt);
    const keys = buckets.map((bucket) => bucket.key);
    let counts;
    try {
      counts = await this.shared.counts(keys);
      this.markUp();
    } catch (error) {
      this.markDown(error);
      if (WHEN_STORE_DOWN[limit] === 'refuse') throw new RateLimitUnavailableError(limit, { cause: error });
      counts = await this.local.counts(keys);
    }
    const decision = decide(this.config.rateLimits.max[limit], buckets, counts);
    if (decision.allowed) return;
    const bucket = buckets.find((candidate) => candidate.scope === decision.scope)!;
    this.warnOnce(limit, bucket, attempt, decision.retryAfterMs);
    throw new RateLimitedError(limit, decision.scope, decision.retryAfterMs, this.refusal(limit, decision.scope, attempt, decision.retryAfterMs));
  }

  /** Counts a failed attempt. Never throws: a counter that could not be written is logged, and the attempt was refused anyway. */
  async failed(limit: RateLimitName, attempt: Attempt): Promise<void> {
    const keys = this.bucketsOf(limit, attempt).map((bucket) => bucket.key);
    const { windowMs } = this.config.rateLimits;
    try {
      await this.shared.hit(keys, windowMs);
      this.markUp();
    } catch (error) {
      this.markDown(error);
      await this.local.hit(keys, windowMs);
    }
  }

  private bucketsOf(limit: RateLimitName, attempt: Attempt): Bucket[] {
    return bucketsOf(this.config.redis.queuePrefix, limit, attempt);
  }

  private refusal(limit: RateLimitName, scope: BucketScope, attempt: Attempt, retryAfterMs: number): string {
    const { windowMs, max } = this.config.rateLimits;
    const who = scope === 'address' ? `from address ${attempt.address}` : `for this ${SUBJECT_NOUN[limit]}`;
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return `too many ${RATE_LIMIT_WHAT[limit]} ${who} (${RATE_LIMIT_ENV[limit]}: ${max[limit]} per ${windowMs / 1000} s): try again in ${seconds} s`;
  }

  private warnOnce(limit: RateLimitName, bucket: Bucket, attempt: Attempt, retryAfterMs: number): void {
    const now = Date.now();
    if ((this.warned.get(bucket.key) ?? 0) > now) return;
    for (const [key, until] of this.warned) if (until <= now) this.warned.delete(key);
    this.warned.set(bucket.key, now + retryAfterMs);
    this.logger.warn(
      { limit, variable: RATE_LIMIT_ENV[limit], address: attempt.address, over: bucket.scope, retryAfterMs },
      `rate limit reached: ${RATE_LIMIT_WHAT[limit]} refused ${bucket.scope === 'address' ? `from ${attempt.address}` : `for one ${SUBJECT_NOUN[limit]}`} until the window ends`,
    );
  }

  private markUp(): void {
    if (!this.storeDown) return;
    this.storeDown = false;
    this.logger.info('rate limits: Redis reachable again; counting there');
  }

  private markDown(error: unknown): void {
    if (this.storeDown) return;
    this.storeDown = true;
    this.logger.warn(
      { err: error },
      'rate limits: Redis unreachable; sign-in and enrollment answer 503 until it is back, token and agent checks count on this replica only',
    );
  }
}
