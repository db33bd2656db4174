import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with node's built-in scrypt (memory-hard; no package, no install script).
 *
 * N = 2^15, r = 8, p = 1 uses 128 * N * r = 32 MiB and about 50-100 ms of one core per hash:
 * OWASP's minimum recommendation for scrypt. The parameters are stored with each hash
 * (`scrypt$N$r$p$salt$hash`, base64url), so raising them later leaves old hashes verifiable.
 */
export const SCRYPT_PARAMETERS = { N: 2 ** 15, r: 8, p: 1 } as const;
/** 16 random bytes of salt per password. */
export const SCRYPT_SALT_BYTES = 16;
/** 32 bytes of derived key. */
export const SCRYPT_KEY_BYTES = 32;
/** node refuses scrypt above `maxmem` (32 MiB by default, exactly what N=2^15 needs): twice the need. */
const SCRYPT_MAX_MEMORY_BYTES = 64 * 1024 * 1024;
const PREFIX = 'scrypt';

function derive(password: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyBytes, { ...options, maxmem: SCRYPT_MAX_MEMORY_BYTES }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT_SALT_BYTES);
  const { N, r, p } = SCRYPT_PARAMETERS;
  const key = await derive(password, salt, SCRYPT_KEY_BYTES, { N, r, p });
  return [PREFIX, N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches `stored`; false for a malformed hash. Constant-time comparison. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [prefix, n, r, p, salt, key] = stored.split('$');
  if (prefix !== PREFIX || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
