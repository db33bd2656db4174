import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { InvalidatedCache } from './invalidated-cache';
import { ReplicaBus, type ReplicaCacheName } from './replica-bus';

/**
 * The caches of rows that every run reads and that change rarely (a workflow's latest version,
 * its concurrency limit, notification rules), kept alike on every replica (README "Caches").
 *
 * Whoever changes such a row calls `changed` after its write committed: this replica forgets
 * the entry at once, so its next read sees the change, and the replica bus carries a `stale`
 * message to the others, which forget it when it arrives. RH_REPLICA_CACHE_TTL_MS bounds how
 * long an entry lives in any case: the bus is a hint, and a replica that missed a message
 * reads the row again within that.
 */
@Injectable()
export class ReplicaCaches implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly caches = new Map<ReplicaCacheName, InvalidatedCache<unknown>>();
  private stopListening: (() => void) | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(ReplicaBus) private readonly bus: ReplicaBus,
  ) {}

  onApplicationBootstrap(): void {
    this.stopListening = this.bus.subscribe((message) => {
      if (message.type === 'stale') this.forget(message.cache, message.key);
    });
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  /** The cache named `name` (one per name on this replica). */
  cache<V>(name: ReplicaCacheName): InvalidatedCache<V> {
    let cache = this.caches.get(name);
    if (!cache) {
      cache = new InvalidatedCache<unknown>({ ttlMs: this.config.replicas.cacheTtlMs, maxEntries: this.config.replicas.cacheMaxEntries });
      this.caches.set(name, cache);
    }
    return cache as InvalidatedCache<V>;
  }

  /** A row behind `key` of `name` changed (committed): forgotten here now, on the other replicas when the bus delivers. */
  changed(name: ReplicaCacheName, key: string | null): void {
    this.forget(name, key);
    this.bus.publish({ type: 'stale', cache: name, key });
  }

  private forget(name: ReplicaCacheName, key: string | null): void {
    this.caches.get(name)?.invalidate(key ?? undefined);
  }
}
