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
  private others = false;
  private readonly lapseListeners = new Set<() => void>();
  private readonly expiryListeners = new Set<() => void>();

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(CLUSTER_REDIS) private readonly redis: Redis,
    @Inject(ReplicaIdentity) private readonly replica: ReplicaIdentity,
  ) {
    this.keys = clusterKeys(config.redis.queuePrefix);
  }

  /**
   * Whether another replica was alive at the last renewal. Alone, this replica answers some
   * questions from its own memory (who watches a run); with others, it cannot.
   */
  get othersAlive(): boolean {
    return this.others;
  }

  async renew(): Promise<void> {
    const now = Date.now();
    const ttlMs = this.config.replicas.leaseTtlMs;
    // Also a sorted set of replicas by expiry, so counting the live ones needs no key scan.
    const results = await this.redis
      .multi()
      .set(this.keys.replica(this.replica.id), String(now), 'PX', ttlMs, 'GET')
      .zadd(this.keys.replicas, now + ttlMs, this.replica.id)
      .zremrangebyscore(this.keys.replicas, '-inf', now)
      .zcard(this.keys.replicas)
      .exec();
    const failed = results?.find(([error]) => error !== null)?.[0];
    if (!results || failed) throw failed ?? new Error('the presence transaction was discarded');
    const previous = results[0]![1] as string | null;
    const expired = Number(results[2]![1]);
    this.others = Number(results[3]![1]) > 1;
    const lapsed = this.renewed && previous === null;
    this.renewed = true;
    if (lapsed) for (const listener of this.lapseListeners) listener();
    // The renewal that drops a replica's expired entry is one replica's, once per death.
    if (expired > 0) for (const listener of this.expiryListeners) listener();
  }

  /**
   * Called on the one replica whose renewal found another replica's presence expired: that
   * replica died without leaving (kill -9, a lost host), maybe between committing a change and
   * publishing it.
   */
  onReplicaExpired(listener: () => void): () => void {
    this.expiryListeners.add(listener);
    return () => this.expiryListeners.delete(listener);
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
    await this.redis
      .multi()
      .del(this.keys.replica(this.replica.id))
      .zrem(this.keys.replicas, this.replica.id)
      .exec()
      .catch(() => undefined);
  }

  /** The replicas among `ids` that are alive (this one always is). */
  async alive(ids: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Set();
    const values = await this.redis.mget(...unique.map((id) => this.keys.replica(id)));
    return new Set(unique.filter((id, index) => id === this.replica.id || values[index] !== null));
  }
}
