import { createHash, createPublicKey, timingSafeEqual, verify } from 'node:crypto';
import { AgentAuthSchema, agentAuthMessage, type AgentAuth } from '@runtime-hub/protocol';

/**
 * Secrets and signatures of the `/agents` handshake. Enroll tokens are stored as their
 * SHA-256 only; an enrolled agent proves who it is with an Ed25519 signature that the
 * coordinator checks against the public key it stored at enrollment.
 */

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares digests, not the secrets, so the comparison time says nothing about the secret. */
export function secretMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * Whether `signature` (base64url) is the Ed25519 signature of the handshake text of
 * `agentId`, `timestampMs` and `nonce` by the key `publicKey` (32 raw bytes, base64url).
 * False for anything malformed: a bad key or signature is a refusal, never a crash.
 */
export function agentSignatureValid(
  publicKey: string,
  signed: { readonly agentId: string; readonly timestampMs: number; readonly nonce: string },
  signature: string,
): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    const message = Buffer.from(agentAuthMessage(signed.agentId, signed.timestampMs, signed.nonce), 'utf8');
    return verify(null, message, key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/**
 * The handshake `auth` of an agent: `{ enrollToken, publicKey? }` or `{ agentId, timestampMs,
 * nonce, signature }`, with or without the `type` that `AgentAuthSchema` discriminates on.
 * Returns the parsed auth, or what is wrong with it.
 */
export function parseAgentHandshake(raw: unknown): { ok: true; auth: AgentAuth } | { ok: false; message: string } {
  const hint = 'send { enrollToken, publicKey } or { agentId, timestampMs, nonce, signature }';
  if (typeof raw !== 'object' || raw === null) return { ok: false, message: `missing auth: ${hint}` };
  const fields = raw as Record<string, unknown>;
  const typed = 'type' in fields ? fields : { ...fields, type: 'enrollToken' in fields ? 'enroll' : 'signature' };
  const parsed = AgentAuthSchema.safeParse(typed);
  if (parsed.success) return { ok: true, auth: parsed.data };
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'auth'}: ${issue.message}`).join('; ');
  return { ok: false, message: `invalid auth (${problems}): ${hint}` };
}
