import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { HookAuth } from '@runtime-hub/protocol';

/**
 * How a webhook's caller proves itself, pure. `token`: `Authorization: Bearer <secret>` (or
 * `X-Hook-Token: <secret>`), stored as its SHA-256. `hmac-sha256`: `X-Hub-Signature-256:
 * sha256=<hex of HMAC-SHA256(secret, raw body)>`, as GitHub and others sign, so the secret
 * itself is stored (verifying needs it). Comparisons take the same time whatever matches.
 */

/** Prefix of a hook secret: a leaked one is recognisable in logs and scanners. */
export const HOOK_SECRET_PREFIX = 'rhh_';
/** Bytes of randomness in a hook secret. */
const SECRET_BYTES = 32;

export const HOOK_SIGNATURE_HEADER = 'x-hub-signature-256';
export const HOOK_TOKEN_HEADER = 'x-hook-token';
const SIGNATURE_PREFIX = 'sha256=';

export function newHookSecret(): string {
  return `${HOOK_SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64url')}`;
}

/** What is stored for a secret. */
export function storedSecret(auth: HookAuth, secret: string): string {
  return auth === 'token' ? sha256(secret) : secret;
}

export interface HookCredentials {
  readonly authorization?: string | undefined;
  readonly token?: string | undefined;
  readonly signature?: string | undefined;
  readonly rawBody: Buffer;
}

/** Null when the call is authentic, else why not (said to the caller: it names nothing secret). */
export function refuseCall(auth: HookAuth, stored: string, credentials: HookCredentials): string | null {
  if (auth === 'token') {
    const given = bearer(credentials.authorization) ?? credentials.token;
    if (given === undefined) return `this hook needs its token: "Authorization: Bearer <token>" or "${HOOK_TOKEN_HEADER}: <token>"`;
    return sameText(sha256(given), stored) ? null : 'the token is not this hook\'s';
  }
  const signature = credentials.signature;
  if (signature === undefined || !signature.startsWith(SIGNATURE_PREFIX)) return `this hook needs a signature: "${HOOK_SIGNATURE_HEADER}: sha256=<hex of HMAC-SHA256(secret, body)>"`;
  const expected = `${SIGNATURE_PREFIX}${createHmac('sha256', stored).update(credentials.rawBody).digest('hex')}`;
  return sameText(signature.toLowerCase(), expected) ? null : 'the signature does not match the body';
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
