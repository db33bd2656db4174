import type { RateLimitName } from '../config/coordinator.config';
import type { BucketScope } from './rate-limit.buckets';

/** An attempt refused because its address or its token / agent failed too often in the window. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';

  constructor(
    readonly limit: RateLimitName,
    readonly scope: BucketScope,
    readonly retryAfterMs: number,
    message: string,
  ) {
    super(message);
  }

  /** Whole seconds, rounded up, for `Retry-After`. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.retryAfterMs / 1000));
  }
}
