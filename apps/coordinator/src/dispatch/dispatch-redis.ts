import type { Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';

/** Injection token of the one Redis connection every agent queue shares. */
export const DISPATCH_REDIS = Symbol('DISPATCH_REDIS');

/**
 * One ioredis connection for every queue the coordinator adds to. `maxRetriesPerRequest:
 * null`: while Redis is away, commands wait for the reconnect instead of failing after a few
 * retries (BullMQ requires it for workers and recommends it everywhere), so a Redis restart
 * delays dispatches rather than failing runs.
 */
export const dispatchRedisProvider: Provider = {
  provide: DISPATCH_REDIS,
  inject: [COORDINATOR_CONFIG, LOGGER],
  useFactory: (config: CoordinatorConfig, logger: Logger): Redis => {
    const connection = new Redis(config.redis.url, { maxRetriesPerRequest: null });
    connection.on('error', (error: Error) => logger.warn({ err: error }, 'Redis connection of the dispatcher failed; reconnecting'));
    return connection;
  },
};
