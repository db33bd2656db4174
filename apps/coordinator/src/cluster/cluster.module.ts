import { Global, Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { clusterRedisProvider } from './cluster-redis';
import { Leases } from './leases.service';
import { OnlineAgents } from './online-agents';
import { ReplicaBus } from './replica-bus';
import { ReplicaCaches } from './replica-caches';
import { ReplicaIdentity } from './replica-identity';
import { ReplicaPresence } from './replica-presence';

/**
 * What replicas of one deployment share (README): leases on singleton work, which replicas
 * are alive, which agents are online where, messages between replicas, and the caches they
 * keep alike. Global: the run engine, schedules, notifications and batches ask their leases
 * (and the workflows, queues and notifications their caches) without importing it.
 */
@Global()
@Module({
  imports: [LiveModule],
  providers: [clusterRedisProvider, ReplicaIdentity, ReplicaPresence, Leases, OnlineAgents, ReplicaBus, ReplicaCaches],
  exports: [clusterRedisProvider, ReplicaIdentity, ReplicaPresence, Leases, OnlineAgents, ReplicaBus, ReplicaCaches],
})
export class ClusterModule {}
