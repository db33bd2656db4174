import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AgentKind, DesktopSession } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { CLUSTER_REDIS, clusterKeys } from './cluster-redis';
import { ReplicaIdentity } from './replica-identity';

/**
 * A selection reads the agents online on other replicas at most this stale: an agent that
 * connected elsewhere a moment ago waits this long to be chosen here (its own replica sees it
 * at once and plans waiting nodes for it). A quarter second keeps a busy dispatcher from reading
 * the whole fleet for every node.
 */
export const ONLINE_AGENTS_CACHE_MS = 250;

/** An agent online on some replica, as its replica wrote it. */
export interface SharedOnlineAgent {
  readonly id: string;
  readonly name: string;
  readonly kind: AgentKind;
  readonly labels: readonly string[];
  readonly capabilities: readonly string[];
  readonly session: DesktopSession;
  /** The replica holding its connection. */
  readonly replica: string;
}

/**
 * compareAndDelete — KEYS[1]: the hash, ARGV[1]: the agent, ARGV[2]: the replica. Removes the
 * agent's entry only when that replica still holds it: a replica losing an agent that has
 * already moved to another must not erase the newer entry.
 */
const COMPARE_AND_DELETE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current and cjson.decode(current).replica == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
`;

interface OnlineAgentCommands {
  onlineAgentRemove(numberOfKeys: number, hash: string, agentId: string, replica: string): Promise<number>;
}

/**
 * Who is online across the replicas, in one Redis hash (`<prefix>:agents:online`, agent id ->
 * entry). Each replica writes the agents it holds; the connection itself stays in the memory
 * of the replica that has it (agent-registry.ts).
 */
@Injectable()
export class OnlineAgents {
  private readonly redis: Redis & OnlineAgentCommands;
  private readonly key: string;
  private cached: { readonly atMs: number; readonly agents: Promise<SharedOnlineAgent[]> } | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) config: CoordinatorConfig,
    @Inject(CLUSTER_REDIS) redis: Redis,
    @Inject(ReplicaIdentity) private readonly replica: ReplicaIdentity,
  ) {
    redis.defineCommand('onlineAgentRemove', { lua: COMPARE_AND_DELETE_SCRIPT });
    this.redis = redis as Redis & OnlineAgentCommands;
    this.key = clusterKeys(config.redis.queuePrefix).onlineAgents;
  }

  /** This replica holds the agent now. */
  async put(agent: Omit<SharedOnlineAgent, 'replica'>): Promise<void> {
    this.cached = undefined;
    await this.redis.hset(this.key, agent.id, JSON.stringify({ ...agent, replica: this.replica.id }));
  }

  /** This replica no longer holds the agent (the entry of another replica is left alone). */
  async remove(agentId: string, replica = this.replica.id): Promise<boolean> {
    this.cached = undefined;
    return (await this.redis.onlineAgentRemove(1, this.key, agentId, replica)) === 1;
  }

  async holder(agentId: string): Promise<string | undefined> {
    const raw = await this.redis.hget(this.key, agentId);
    return raw ? (JSON.parse(raw) as SharedOnlineAgent).replica : undefined;
  }

  /** Every entry, read fresh. */
  async all(): Promise<SharedOnlineAgent[]> {
    const entries = await this.redis.hvals(this.key);
    return entries.map((raw) => JSON.parse(raw) as SharedOnlineAgent);
  }

  /** Agents held by other replicas, at most ONLINE_AGENTS_CACHE_MS old; none while Redis cannot say. */
  async elsewhere(): Promise<SharedOnlineAgent[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.atMs > ONLINE_AGENTS_CACHE_MS) {
      this.cached = { atMs: now, agents: this.all().catch(() => []) };
    }
    return (await this.cached.agents).filter((agent) => agent.replica !== this.replica.id);
  }
}
