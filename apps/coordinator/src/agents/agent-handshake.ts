import { Inject, Injectable } from '@nestjs/common';
import type { AgentConnectRefusalCode } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { AgentAuthNonces } from './agent-auth-nonces';
import { agentSignatureValid, parseAgentHandshake, secretMatches } from './agent-credentials';
import { AgentsRepository } from './agents.repository';
import type { AuthenticatedHandshake } from './agents.socket';
import { enrollTokenRefusal } from './enroll-token-state';
import { EnrollTokensRepository } from './enroll-tokens.repository';

export type HandshakeOutcome =
  | { readonly ok: true; readonly auth: AuthenticatedHandshake }
  | { readonly ok: false; readonly code: AgentConnectRefusalCode; readonly message: string };

const refused = (code: AgentConnectRefusalCode, message: string): HandshakeOutcome => ({ ok: false, code, message });

/**
 * Decides the `/agents` handshake (README "Enrollment and identity"):
 *
 * enroll: 1. the shared development token (RH_ENROLL_TOKEN), if configured and matching: it
 *            grants the labels the agent declares; 2. else an enroll token, one use taken in a
 *            conditional update, granting its own labels only; refused naming why (unknown,
 *            revoked, expired, used up).
 * signature: 1. the agent exists and has a key; 2. the timestamp is within
 *            RH_AGENT_AUTH_MAX_SKEW_MS; 3. the nonce was not seen; 4. the signature verifies;
 *            then the nonce is remembered; 5. the agent is not revoked (told only to the key's
 *            holder).
 */
@Injectable()
export class AgentHandshake {
  private readonly nonces: AgentAuthNonces;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AgentsRepository) private readonly agents: AgentsRepository,
    @Inject(EnrollTokensRepository) private readonly tokens: EnrollTokensRepository,
  ) {
    this.nonces = new AgentAuthNonces(config.agents.authMaxSkewMs);
  }

  async check(raw: unknown): Promise<HandshakeOutcome> {
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
        this.logger.warn({ reason: message }, 'enrollment refused');
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
    if (this.nonces.seen(row.id, auth.nonce)) {
      this.logger.warn({ agentId: row.id }, 'a replayed agent handshake was refused');
      return refused('AUTH_FAILED', 'handshake nonce already used: a replayed handshake is refused');
    }
    if (!agentSignatureValid(row.publicKey, auth, auth.signature)) {
      this.logger.warn({ agentId: row.id }, 'an agent handshake with a bad signature was refused');
      return refused('AUTH_FAILED', `signature does not verify with the key agent "${row.name}" enrolled with`);
    }
    this.nonces.remember(row.id, auth.nonce);
    // Said only to the holder of the key: nobody else learns that the agent was revoked.
    if (row.status === 'revoked') return refused('AGENT_REVOKED', `agent "${row.name}" is revoked: an administrator must restore it (runtime-hub agents restore ${row.id})`);
    return { ok: true, auth: { type: 'signature', agentId: row.id } };
  }
}
