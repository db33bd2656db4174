/**
 * What replicas share in Redis, against a real Redis on a prefix of the test's own: leases
 * (one holder, expiry, fencing), the online list's compare-and-delete, and handshake nonces
 * (a replay refused by another replica).
 */
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { SharedAgentNonces } from '../../apps/coordinator/src/agents/agent-nonces.shared';
import { OnlineAgents } from '../../apps/coordinator/src/cluster/online-agents';
import { ReplicaPresence } from '../../apps/coordinator/src/cluster/replica-presence';
import { RedisLeaseStore } from '../../apps/coordinator/src/cluster/redis-lease.store';
import type { CoordinatorConfig } from '../../apps/coordinator/src/config/coordinator.config';
import { createLogger } from '../../apps/coordinator/src/logging/logger';
import { deleteQueuePrefixKeys } from '../coordinator-api/coordinator.harness';
import { REDIS_URL } from '../e2e/e2e.harness';

const TTL_MS = 300;
const MAX_SKEW_MS = 60_000;

describe('state shared by replicas, in Redis', () => {
  const prefix = `rh-shared-${randomBytes(6).toString('hex')}`;
  const connections: IORedis[] = [];
  const connect = () => {
    const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
    connections.push(redis);
    return redis;
  };

  afterAll(async () => {
    await deleteQueuePrefixKeys(prefix);
    await deleteQueuePrefixKeys(`${prefix}-deaths`);
    for (const redis of connections) redis.disconnect();
  });

  it('gives a lease to one replica at a time, renews it for its holder, and to another with a higher fence once it expired', async () => {
    // ARRANGE: two replicas, each with its own connection
    const [a, b] = [new RedisLeaseStore(connect(), prefix), new RedisLeaseStore(connect(), prefix)];
    // ACT
    const first = await a.acquire('reconciler', 'replica-a', TTL_MS);
    const refused = await b.acquire('reconciler', 'replica-b', TTL_MS);
    const renewed = await a.acquire('reconciler', 'replica-a', TTL_MS);
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 100));
    const takenOver = await b.acquire('reconciler', 'replica-b', TTL_MS);
    const stale = await a.acquire('reconciler', 'replica-a', TTL_MS);
    await a.release('reconciler', 'replica-a');
    const stillB = await a.acquire('reconciler', 'replica-a', TTL_MS);
    await b.release('reconciler', 'replica-b');
    const afterRelease = await a.acquire('reconciler', 'replica-a', TTL_MS);
    // ASSERT
    expect([first, refused, renewed]).toEqual([1, null, 1]);
    expect([takenOver, stale, stillB]).toEqual([2, null, null]);
    expect(afterRelease).toBe(3);
  });

  it('removes an agent from the online list only for the replica that still holds it', async () => {
    // ARRANGE: the agent was on replica a, then registered on replica b
    const config = { redis: { queuePrefix: prefix } } as CoordinatorConfig;
    const onA = new OnlineAgents(config, connect(), { id: 'replica-a' });
    const onB = new OnlineAgents(config, connect(), { id: 'replica-b' });
    const agent = { id: 'agent-1', name: 'host-1', kind: 'worker' as const, labels: ['x'], capabilities: [], session: 'none' as const };
    await onA.put(agent);
    await onB.put(agent);
    // ACT: replica a loses it late
    const removedByA = await onA.remove('agent-1');
    const seenByA = await onA.elsewhere();
    const removedByB = await onB.remove('agent-1');
    // ASSERT
    expect(removedByA).toBe(false);
    expect(seenByA).toEqual([{ ...agent, replica: 'replica-b' }]);
    expect(removedByB).toBe(true);
    expect(await onA.holder('agent-1')).toBeUndefined();
  });

  it('refuses a handshake nonce on one replica that another replica accepted', async () => {
    // ARRANGE
    const logger = createLogger('silent');
    const [a, b] = [new SharedAgentNonces(connect(), prefix, MAX_SKEW_MS, logger), new SharedAgentNonces(connect(), prefix, MAX_SKEW_MS, logger)];
    // ACT
    const onA = await a.firstUse('agent-1', 'nonce-1');
    const replayedOnB = await b.firstUse('agent-1', 'nonce-1');
    const replayedOnA = await a.firstUse('agent-1', 'nonce-1');
    const otherAgent = await b.firstUse('agent-2', 'nonce-1');
    // ASSERT
    expect([onA, replayedOnB, replayedOnA, otherAgent]).toEqual([true, false, false, true]);
  });

  it('tells a replica whose presence expired before it renewed it, and no other', async () => {
    // ARRANGE
    const config = { redis: { queuePrefix: prefix }, replicas: { leaseTtlMs: TTL_MS } } as CoordinatorConfig;
    const presence = new ReplicaPresence(config, connect(), { id: 'replica-slow' });
    const other = new ReplicaPresence(config, connect(), { id: 'replica-other' });
    let lapses = 0;
    presence.onLapse(() => (lapses += 1));
    // ACT: renewed in time, then stalled past the TTL
    await presence.renew();
    await presence.renew();
    const aliveBefore = await other.alive(['replica-slow']);
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 100));
    const aliveDuring = await other.alive(['replica-slow']);
    await presence.renew();
    // ASSERT
    expect([aliveBefore.has('replica-slow'), aliveDuring.has('replica-slow')]).toEqual([true, false]);
    expect(lapses).toBe(1);
  });

  it('tells one live replica, once, that another died without leaving', async () => {
    // ARRANGE: three replicas present; one dies (stops renewing, never leaves)
    const config = { redis: { queuePrefix: `${prefix}-deaths` }, replicas: { leaseTtlMs: TTL_MS } } as CoordinatorConfig;
    const [dying, first, second] = ['replica-dies', 'replica-first', 'replica-second'].map((id) => new ReplicaPresence(config, connect(), { id }));
    const told = { first: 0, second: 0 };
    first!.onReplicaExpired(() => (told.first += 1));
    second!.onReplicaExpired(() => (told.second += 1));
    for (const presence of [dying, first, second]) await presence!.renew();
    // ACT: past the dead one's TTL, the live ones renew, twice each
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 100));
    for (const presence of [first, second, first, second]) await presence!.renew();
    // ASSERT
    expect(told).toEqual({ first: 1, second: 0 });
  });
});
