/** Redis did not answer within RH_REDIS_STARTUP_TIMEOUT_MS while the coordinator was starting. */
export class RedisUnansweredError extends Error {
  override readonly name = 'RedisUnansweredError';

  constructor(
    readonly redis: string,
    readonly timeoutMs: number,
    readonly doing: string,
  ) {
    super(`Redis at ${redis} did not answer within ${timeoutMs} ms while ${doing} (RH_REDIS_STARTUP_TIMEOUT_MS); is REDIS_URL right and Redis running?`);
  }
}
