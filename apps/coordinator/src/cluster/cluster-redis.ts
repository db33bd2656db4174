import type { Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';

/** Injection token of the connection that holds what replicas share: leases, presence, online agents, handshake nonces. */
export const CLUSTER_REDIS = Symbol('CLUSTER_REDIS');

/**
 * A command of the shared state answers within this or fails: a lease must know it could not
 * renew before its TTL runs out, and a handshake must not hang while Redis is away (its nonce
 * check then falls back to this replica's memory).
 */
export const CLUSTER_REDIS_COMMAND_TIMEOUT_MS = 2_000;

export const clusterRedisProvider: Provider = {
  provide: CLUSTER_REDIS,
  inject: [COORDINATOR_CONFIG, LOGGER],
  useFactory: (config: CoordinatorConfig, logger: Logger): Redis => {
    const connection = new Redis(config.redis.url, { maxRetriesPerRequest: 1, commandTimeout: CLUSTER_REDIS_COMMAND_TIMEOUT_MS });
    connection.on('error', (error: Error) => logger.warn({ err: error }, 'Redis connection of the replica state failed; reconnecting'));
    return connection;
  },
};

/** Every key replicas share, under the deployment's queue prefix (two deployments on one Redis never meet). */
export const clusterKeys = (prefix: string) => ({
  lease: (name: string) => `${prefix}:lease:${name}`,
  fence: (name: string) => `${prefix}:lease:${name}:fence`,
  replica: (replicaId: string) => `${prefix}:replica:${replicaId}`,
  replicas: `${prefix}:replicas`,
  onlineAgents: `${prefix}:agents:online`,
  nonce: (agentId: string, nonce: string) => `${prefix}:agent-nonce:${agentId}:${nonce}`,
  abandoned: `${prefix}:abandoned-jobs`,
});
