import type { Redis } from 'ioredis';
import { clusterKeys } from '../cluster/cluster-redis';
import type { Logger } from '../logging/logger';
import { AgentAuthNonces } from './agent-auth-nonces';

/**
 * Nonces of signed handshakes, shared by the replicas: a handshake replayed against another
 * replica is refused like one replayed here. One `SET NX PX` per accepted handshake both checks
 * and remembers, so two replicas racing with the same nonce cannot both accept it. The key
 * lives twice the allowed skew (see agent-auth-nonces.ts).
 *
 * Redis unreachable: this replica's memory decides, as the rate limits do (docs/SECURITY.md):
 * refusing every handshake would turn a Redis restart into a fleet-wide reconnect storm, and a
 * replay is then refused at least by the replica that saw the nonce.
 */
export class SharedAgentNonces {
  private readonly local: AgentAuthNonces;
  private readonly keys: ReturnType<typeof clusterKeys>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly maxSkewMs: number,
    private readonly logger: Logger,
  ) {
    this.local = new AgentAuthNonces(maxSkewMs);
    this.keys = clusterKeys(prefix);
  }

  fresh(timestampMs: number): boolean {
    return this.local.fresh(timestampMs);
  }

  /** True the first time the nonce is used within its window (and remembers it); false for a replay. */
  async firstUse(agentId: string, nonce: string): Promise<boolean> {
    if (this.local.seen(agentId, nonce)) return false;
    this.local.remember(agentId, nonce);
    try {
      return (await this.redis.set(this.keys.nonce(agentId, nonce), '1', 'PX', 2 * this.maxSkewMs, 'NX')) === 'OK';
    } catch (error) {
      this.logger.warn({ err: error, agentId }, 'handshake nonces cannot be shared while Redis is unreachable: this replica checks them alone');
      return true;
    }
  }
}
