import type { RateLimitName } from '../config/coordinator.config';

/**
 * The counters of a limit that fails closed (sign-in, enrollment) could not be read: Redis is
 * unreachable. The attempt is refused (503 / UNAVAILABLE) rather than let through uncounted.
 */
export class RateLimitUnavailableError extends Error {
  override readonly name = 'RateLimitUnavailableError';

  constructor(
    readonly limit: RateLimitName,
    options?: { cause?: unknown },
  ) {
    super(`the coordinator cannot check its rate limits right now (Redis unreachable): try again shortly`, options);
  }
}
