/**
 * Statuses that say "try again later" rather than "this request is wrong": request timeout,
 * too early, too many requests, and the server-side failures a restart or failover fixes.
 */
export const RETRYABLE_HTTP_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

const MS_PER_SECOND = 1_000;

/**
 * `Retry-After` in milliseconds from `now`: either delay-seconds or an HTTP date (RFC 9110
 * §10.2.3). Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * MS_PER_SECOND;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Whether a content type announces JSON: `application/json`, `application/problem+json`, with parameters or not. */
export function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}
