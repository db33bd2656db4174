import { createHash, randomBytes } from 'node:crypto';

/** Every API token starts with this, so a leaked one is recognizable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'rh_';

/** 32 random bytes: 256 bits, beyond any guessing; 43 characters once base64url encoded. */
export const API_TOKEN_RANDOM_BYTES = 32;

/** A new token: `rh_` and 32 random bytes in base64url. Shown once; only its hash is stored. */
export function generateApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(API_TOKEN_RANDOM_BYTES).toString('base64url')}`;
}

/**
 * SHA-256 of the token, hex. A fast hash is right here: tokens are long random strings (not
 * passwords), so there is nothing to brute-force, and the lookup stays one indexed equality.
 */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token of an `Authorization: Bearer <token>` header, or undefined for any other form. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  return match?.[1];
}
