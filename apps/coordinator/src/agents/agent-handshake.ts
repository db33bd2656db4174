import { Inject, Injectable } from '@nestjs/common';
import type { AgentConnectRefusalCode } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig, type RateLimitName } from '../config/coordinator.config';
import type { Attempt } from '../edge/rate-limit.buckets';
import { RateLimitUnavailableError } from '../edge/rate-limit-unavailable.error';
import { RateLimitedError } from '../edge/rate-limited.error';
import { RateLimiter } from '../edge/rate-limiter.service';
import { findUnsafeInput, inputPathText } from '../edge/unsafe-input';
import { LOGGER, type Logger } from '../logging/logger';
import type { Redis } from 'ioredis';
import { CLUSTER_REDIS } from '../cluster/cluster-redis';
import { SharedAgentNonces } from './agent-nonces.shared';
import { agentSignatureValid, parseAgentHandshake, secretMatches } from './agent-credentials';
import { AgentsRepository } from './agents.repository';
import type { AuthenticatedHandshake } from './agents.socket';
import { enrollTokenRefusal } from './enroll-token-state';
import { EnrollTokensRepository } from './enroll-tokens.repository';

export type HandshakeOutcome =
  | { readonly ok: true; readonly auth: AuthenticatedHandshake }
  | { readonly ok: false; readonly code: AgentConnectRefusalCode; readonly message: string; readonly retryAfterMs?: number };

const refused = (code: AgentConnectRefusalCode, message: string): HandshakeOutcome => ({ ok: false, code, message });

/**
 * Decides the `/agents` handshake (README "Enrollment and identity"):
 *
 * enroll: 1. the shared development token (RH_ENROLL_TOKEN), if configured and matching: it
 *            grants the labels the agent declares; 2. else an enroll token, one use taken in a
 *            conditional update, granting its own labels only; refused naming why (unknown,
 *            revoked, expired, used up).
 * signature: 1. the agent exists and has a key; 2. the timestamp is within
 *            RH_AGENT_AUTH_MAX_SKEW_MS; 3. the signature verifies; 4. the nonce was not used on
 *            any replica (agent-nonces.shared.ts, which remembers it); 5. the agent is not revoked (told only to the key's
 *            holder).
 *
 * Refusals are rate limited per source address and per token (enroll: RH_RATE_LIMIT_ENROLL)
 * or agent id (signature, malformed auth: RH_RATE_LIMIT_AGENT_AUTH): over the limit the
 * handshake is refused with RATE_LIMITED and `retryAfterMs` before anything is looked up.
 * Enrollment fails closed (UNAVAILABLE) while the counters cannot be read.
 */
@Injectable()
export class AgentHandshake {
  private readonly nonces: SharedAgentNonces;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AgentsRepository) private readonly agents: AgentsRepository,
    @Inject(EnrollTokensRepository) private readonly tokens: EnrollTokensRepository,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(CLUSTER_REDIS) redis: Redis,
  ) {
    this.nonces = new SharedAgentNonces(redis, config.redis.queuePrefix, config.agents.authMaxSkewMs, logger);
  }

  /** Decides the handshake `raw` of a connection from `address`; a failure counts towards its rate limit. */
  async check(raw: unknown, address: string): Promise<HandshakeOutcome> {
    const { limit, attempt } = limitOf(raw, address);
    try {
      await this.limiter.check(limit, attempt);
    } catch (error) {
      if (error instanceof RateLimitedError) return { ok: false, code: 'RATE_LIMITED', message: error.message, retryAfterMs: error.retryAfterMs };
      if (error instanceof RateLimitUnavailableError) return refused('UNAVAILABLE', error.message);
      throw error;
    }
    const outcome = await this.decide(raw, address);
    if (!outcome.ok && FAILURES.has(outcome.code)) await this.limiter.failed(limit, attempt);
    return outcome;
  }

  private async decide(raw: unknown, address: string): Promise<HandshakeOutcome> {
    const unsafe = findUnsafeInput(raw, this.config.http.maxJsonDepth);
    if (unsafe) return refused('AUTH_INVALID', `invalid auth: ${inputPathText('auth', unsafe.path)}: ${unsafe.message}`);
    const handshake = parseAgentHandshake(raw);
    if (!handshake.ok) return refused('AUTH_INVALID', handshake.message);
    const { auth } = handshake;
    if (auth.type === 'enroll') {
      const shared = this.config.auth.enrollToken;
      if (shared && secretMatches(auth.enrollToken, shared)) {
        return { ok: true, auth: { type: 'enroll', publicKey: auth.publicKey, tokenLabels: [], grantsDeclaredLabels: true, enrollTokenId: null } };
      }
      const token = await this.tokens.consume(auth.enrollToken);
      if (!token) {
        const message = enrollTokenRefusal(await this.tokens.findBySecret(auth.enrollToken), new Date());
        this.logger.warn({ reason: message, address }, 'enrollment refused');
        return refused('ENROLL_TOKEN_REFUSED', message);
      }
      return { ok: true, auth: { type: 'enroll', publicKey: auth.publicKey, tokenLabels: token.labels, grantsDeclaredLabels: false, enrollTokenId: token.id } };
    }
    const row = await this.agents.findById(auth.agentId);
    if (!row?.publicKey) return refused('AUTH_FAILED', `unknown agent "${auth.agentId}" or it enrolled without a key: enroll again`);
    if (!this.nonces.fresh(auth.timestampMs)) {
      const skewMs = auth.timestampMs - Date.now();
      return refused('AUTH_FAILED', `handshake timestamp is ${skewMs} ms off this coordinator's clock (limit ${this.config.agents.authMaxSkewMs} ms): check the host's clock`);
    }
    if (!agentSignatureValid(row.publicKey, auth, auth.signature)) {
      this.logger.warn({ agentId: row.id }, 'an agent handshake with a bad signature was refused');
      return refused('AUTH_FAILED', `signature does not verify with the key agent "${row.name}" enrolled with`);
    }
    // After the signature: only the key's holder can spend a nonce (on any replica).
    if (!(await this.nonces.firstUse(row.id, auth.nonce))) {
      this.logger.warn({ agentId: row.id }, 'a replayed agent handshake was refused');
      return refused('AUTH_FAILED', 'handshake nonce already used: a replayed handshake is refused');
    }
    // Said only to the holder of the key: nobody else learns that the agent was revoked.
    if (row.status === 'revoked') return refused('AGENT_REVOKED', `agent "${row.name}" is revoked: an administrator must restore it (runtime-hub agents restore ${row.id})`);
    return { ok: true, auth: { type: 'signature', agentId: row.id } };
  }
}

/** Refusals that count towards the rate limit: a wrong or malformed credential (not a revoked agent with a valid key, nor the coordinator failing). */
const FAILURES: ReadonlySet<AgentConnectRefusalCode> = new Set(['ENROLL_TOKEN_REFUSED', 'AUTH_FAILED', 'AUTH_INVALID']);

/** Which limit a handshake counts towards, and its subject: the enroll token, or the agent id it claims. */
function limitOf(raw: unknown, address: string): { limit: RateLimitName; attempt: Attempt } {
  const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  if (typeof fields.enrollToken === 'string') return { limit: 'enroll', attempt: { address, subject: fields.enrollToken } };
  return { limit: 'agentAuth', attempt: { address, ...(typeof fields.agentId === 'string' ? { subject: fields.agentId } : {}) } };
}
