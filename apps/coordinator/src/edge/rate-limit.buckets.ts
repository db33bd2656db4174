import { createHash } from 'node:crypto';
import type { RateLimitName } from '../config/coordinator.config';

/**
 * Failed authentications are counted in fixed windows, one counter ("bucket") per source
 * address and one per subject (the token or agent an attempt was for), per limit. The pure
 * part: which buckets an attempt touches, and what their counts decide.
 */

/** One attempt: where it came from and, when known, which token or agent it was for. */
export interface Attempt {
  readonly address: string;
  /** A secret (token) or a name (agent id); stored only as a hash. */
  readonly subject?: string;
}

export type BucketScope = 'address' | 'subject';

export interface Bucket {
  readonly scope: BucketScope;
  readonly key: string;
}

/** A bucket's count in its window, and the milliseconds left in that window. */
export interface BucketCount {
  readonly count: number;
  readonly windowLeftMs: number;
}

export type LimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly scope: BucketScope; readonly retryAfterMs: number };

/** The environment variable that sets each limit, named in refusals. */
export const RATE_LIMIT_ENV: Readonly<Record<RateLimitName, string>> = {
  signIn: 'RH_RATE_LIMIT_SIGN_IN',
  apiAuth: 'RH_RATE_LIMIT_API_AUTH',
  enroll: 'RH_RATE_LIMIT_ENROLL',
  agentAuth: 'RH_RATE_LIMIT_AGENT_AUTH',
};

/** What each limit counts, for messages and logs. */
export const RATE_LIMIT_WHAT: Readonly<Record<RateLimitName, string>> = {
  signIn: 'failed sign-ins',
  apiAuth: 'requests with a refused token',
  enroll: 'refused enrollments',
  agentAuth: 'refused agent handshakes',
};

/** Hex characters of the subject's SHA-256 kept in its key: enough to never collide in practice, never the secret itself. */
const SUBJECT_HASH_CHARS = 32;

/** `<prefix>:rate-limit:<limit>:address:<address>` and `...:subject:<sha256 prefix>`. */
export function bucketsOf(prefix: string, limit: RateLimitName, attempt: Attempt): Bucket[] {
  const base = `${prefix}:rate-limit:${limit}`;
  const buckets: Bucket[] = [{ scope: 'address', key: `${base}:address:${attempt.address}` }];
  if (attempt.subject !== undefined && attempt.subject !== '') {
    const digest = createHash('sha256').update(attempt.subject, 'utf8').digest('hex').slice(0, SUBJECT_HASH_CHARS);
    buckets.push({ scope: 'subject', key: `${base}:subject:${digest}` });
  }
  return buckets;
}

/**
 * Refused when any bucket already holds `max` failures in its window; the wait is that
 * bucket's remaining window (the longest, when both are full).
 */
export function decide(max: number, buckets: readonly Bucket[], counts: readonly BucketCount[]): LimitDecision {
  let refusal: { scope: BucketScope; retryAfterMs: number } | undefined;
  buckets.forEach((bucket, index) => {
    const { count, windowLeftMs } = counts[index] ?? { count: 0, windowLeftMs: 0 };
    if (count < max) return;
    if (!refusal || windowLeftMs > refusal.retryAfterMs) refusal = { scope: bucket.scope, retryAfterMs: Math.max(windowLeftMs, 1) };
  });
  return refusal ? { allowed: false, ...refusal } : { allowed: true };
}
