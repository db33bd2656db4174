/**
 * A request authenticated by the session cookie that changes state must carry
 * `X-Requested-With: runtime-hub`. A page on another site cannot set that header without a
 * CORS preflight, which the coordinator never grants, so a forged form post or image load
 * fails even where SameSite is not enforced. Requests with a bearer token need no such
 * header: a browser never adds a bearer token by itself.
 */

export const CSRF_HEADER = 'x-requested-with';
export const CSRF_HEADER_VALUE = 'runtime-hub';

/** Methods that only read; every other method changes state. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export function missesCsrfHeader(method: string, header: string | string[] | undefined): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const value = Array.isArray(header) ? header[0] : header;
  return value?.trim().toLowerCase() !== CSRF_HEADER_VALUE;
}
