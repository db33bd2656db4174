import os from 'node:os';
import path from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { redactUrl } from '@runtime-hub/db';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { DatabaseService } from '../persistence/database.service';
import { deploymentId } from '../persistence/deployment.identity';
import { DISPATCH_REDIS } from './dispatch-redis';
import { QueuePrefixOwnedError } from './queue-prefix-owned.error';
import { judgeOwnerRecord, ownerKey, type DeploymentDescription } from './queue-prefix.ownership';
import { RedisUnansweredError } from './redis-unanswered.error';

/**
 * Claims the queue prefix for this deployment at start (queue-prefix.ownership.ts), after the
 * database is open and before anything reads or writes a queue: module init runs before any
 * application bootstrap, where the results consumer, the reconciler and the agent sessions start.
 * A prefix owned by another deployment fails the start with QueuePrefixOwnedError.
 */
@Injectable()
export class QueuePrefixClaim implements OnModuleInit {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DISPATCH_REDIS) private readonly redis: Redis,
    @Inject(DatabaseService) private readonly database: DatabaseService,
  ) {}

  async onModuleInit(): Promise<void> {
    const { queuePrefix, url, startupTimeoutMs } = this.config.redis;
    const self: DeploymentDescription = {
      deploymentId: await deploymentId(this.database.db),
      database: this.config.database.url ? `Postgres at ${redactUrl(this.config.database.url)}` : `PGlite in ${path.resolve(this.config.database.dataDir)}`,
      host: os.hostname(),
      claimedAt: new Date().toISOString(),
    };
    const key = ownerKey(queuePrefix);
    const claim = async (): Promise<string | undefined> => {
      const written = await this.redis.set(key, JSON.stringify(self), 'NX');
      return written === 'OK' ? undefined : ((await this.redis.get(key)) ?? undefined);
    };
    const found = await withTimeout(claim(), startupTimeoutMs, () => new RedisUnansweredError(redactUrl(url), startupTimeoutMs, `claiming queue prefix "${queuePrefix}"`));
    if (found === undefined) {
      this.logger.info({ prefix: queuePrefix, deploymentId: self.deploymentId }, 'claimed the queue prefix for this deployment');
      return;
    }
    const verdict = judgeOwnerRecord(found, self.deploymentId);
    if (verdict.kind === 'foreign') throw new QueuePrefixOwnedError(queuePrefix, key, redactUrl(url), verdict.owner, self);
    this.logger.info({ prefix: queuePrefix, deploymentId: self.deploymentId }, 'the queue prefix belongs to this deployment');
  }
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
