import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Gauge } from 'prom-client';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LEASE_RENEW_FRACTION } from '../config/defaults';
import { LOGGER, type Logger } from '../logging/logger';
import { METRIC_PREFIX, MetricsService } from '../metrics/metrics.service';
import { CLUSTER_REDIS } from './cluster-redis';
import { Lease } from './lease';
import { RedisLeaseStore } from './redis-lease.store';
import { ReplicaIdentity } from './replica-identity';
import { ReplicaPresence } from './replica-presence';

/**
 * Work that must run on one replica at a time. Each pass of it asks its lease first
 * (`lease(name).admitsPass()`); the other replicas' timers tick idle.
 */
export const SINGLETON_WORK = [
  'reconciler',
  'task-deadlines',
  'telemetry-prune',
  'schedule-sync',
  'notification-requeue',
  'admission-sweep',
  'batch-sweep',
  'agent-orphans',
] as const;
export type SingletonWork = (typeof SINGLETON_WORK)[number];

/**
 * The leases of this replica (lease.ts) and its presence (replica-presence.ts), renewed in one
 * loop every third of RH_LEASE_TTL_MS. Taken before the application's bootstrap, so the first
 * replica to start does the work's first pass (the reconciler's recovery) without waiting; the
 * others take over when it stops renewing. A clean shutdown releases its leases at once.
 */
@Injectable()
export class Leases implements OnModuleInit, OnApplicationShutdown {
  private readonly leases = new Map<SingletonWork, Lease>();
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLUSTER_REDIS) private readonly redis: Redis,
    @Inject(ReplicaIdentity) private readonly replica: ReplicaIdentity,
    @Inject(ReplicaPresence) private readonly presence: ReplicaPresence,
    @Optional() @Inject(MetricsService) metrics?: MetricsService,
  ) {
    const store = new RedisLeaseStore(redis, config.redis.queuePrefix);
    const events = {
      acquired: (name: string, fence: number) => this.logger.info({ lease: name, fence, replica: replica.id }, 'lease taken: this replica does that work now'),
      lost: (name: string, reason: string) => this.logger.warn({ lease: name, reason, replica: replica.id }, 'lease lost: this replica stops that work'),
    };
    for (const name of SINGLETON_WORK) this.leases.set(name, new Lease(name, replica.id, config.replicas.leaseTtlMs, store, events));
    if (metrics) this.registerMetrics(metrics);
  }

  lease(name: SingletonWork): Lease {
    return this.leases.get(name)!;
  }

  async onModuleInit(): Promise<void> {
    await this.renewAll();
    this.timer = setInterval(() => void this.renewAll(), Math.max(1, Math.floor(this.config.replicas.leaseTtlMs * LEASE_RENEW_FRACTION)));
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.renewing;
    await Promise.allSettled([...this.leases.values()].map((lease) => lease.release()));
    await this.presence.leave();
    // The last user of the shared connection: every other service stopped before application shutdown.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private renewAll(): Promise<void> {
    this.renewing ??= Promise.allSettled([this.presence.renew(), ...[...this.leases.values()].map((lease) => lease.renew())])
      .then(() => undefined)
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }

  private registerMetrics(metrics: MetricsService): void {
    const leases = this.leases;
    new Gauge({
      name: `${METRIC_PREFIX}lease_held`,
      help: 'Whether this replica holds the lease on a piece of singleton work (1) or not (0).',
      labelNames: ['lease'] as const,
      registers: [metrics.registry],
      collect() {
        for (const [name, lease] of leases) this.set({ lease: name }, lease.held ? 1 : 0);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}lease_passes`,
      help: 'Passes of a piece of singleton work this replica ran under its lease since it started.',
      labelNames: ['lease'] as const,
      registers: [metrics.registry],
      collect() {
        for (const [name, lease] of leases) this.set({ lease: name }, lease.passes);
      },
    });
  }
}
