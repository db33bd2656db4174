import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AgentAuthSchema, type AgentAuth } from '@runtime-hub/protocol';

/**
 * Secrets of the `/agents` handshake. An agent enrolls once with the enrollment token and
 * receives a credential of its own; the coordinator keeps only the credential's SHA-256.
 */

/** Random bytes in an agent credential: 256 bits, as strong as the hash that stores it. */
export const AGENT_CREDENTIAL_BYTES = 32;

export function generateCredential(): string {
  return randomBytes(AGENT_CREDENTIAL_BYTES).toString('base64url');
}

export function hashCredential(credential: string): string {
  return createHash('sha256').update(credential, 'utf8').digest('hex');
}

/** Compares digests, not the secrets, so the comparison time says nothing about the secret. */
export function secretMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function credentialMatches(credential: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const given = Buffer.from(hashCredential(credential), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * The handshake `auth` of an agent: `{ enrollToken }` or `{ agentId, credential }`, with or
 * without the `type` that `AgentAuthSchema` discriminates on (agents may send either form).
 * Returns the parsed auth, or what is wrong with it.
 */
export function parseAgentHandshake(raw: unknown): { ok: true; auth: AgentAuth } | { ok: false; message: string } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, message: 'missing auth: send { enrollToken } or { agentId, credential }' };
  const fields = raw as Record<string, unknown>;
  const typed = 'type' in fields ? fields : { ...fields, type: 'enrollToken' in fields ? 'enroll' : 'credential' };
  const parsed = AgentAuthSchema.safeParse(typed);
  if (parsed.success) return { ok: true, auth: parsed.data };
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'auth'}: ${issue.message}`).join('; ');
  return { ok: false, message: `invalid auth (${problems}): send { enrollToken } or { agentId, credential }` };
}
