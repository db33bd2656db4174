import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { CLUSTER_REDIS, clusterKeys } from './cluster-redis';
import { ReplicaIdentity } from './replica-identity';

/**
 * Which replicas are alive: each keeps `<prefix>:replica:<id>` with a TTL of RH_LEASE_TTL_MS,
 * renewed with its leases. An agent held by a replica whose key is gone has lost its
 * coordinator (cluster/online-agents.ts).
 */
@Injectable()
export class ReplicaPresence {
  private readonly keys: ReturnType<typeof clusterKeys>;
  private renewed = false;
  private readonly lapseListeners = new Set<() => void>();

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(CLUSTER_REDIS) private readonly redis: Redis,
    @Inject(ReplicaIdentity) private readonly replica: ReplicaIdentity,
  ) {
    this.keys = clusterKeys(config.redis.queuePrefix);
  }

  async renew(): Promise<void> {
    const previous = await this.redis.set(this.keys.replica(this.replica.id), String(Date.now()), 'PX', this.config.replicas.leaseTtlMs, 'GET');
    const lapsed = this.renewed && previous === null;
    this.renewed = true;
    if (lapsed) for (const listener of this.lapseListeners) listener();
  }

  /**
   * Called when this replica's presence had expired before it renewed it (Redis or this
   * process stalled for RH_LEASE_TTL_MS): the others took it for dead and lost its agents.
   */
  onLapse(listener: () => void): () => void {
    this.lapseListeners.add(listener);
    return () => this.lapseListeners.delete(listener);
  }

  async leave(): Promise<void> {
    await this.redis.del(this.keys.replica(this.replica.id)).catch(() => undefined);
  }

  /** The replicas among `ids` that are alive (this one always is). */
  async alive(ids: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Set();
    const values = await this.redis.mget(...unique.map((id) => this.keys.replica(id)));
    return new Set(unique.filter((id, index) => id === this.replica.id || values[index] !== null));
  }
}
