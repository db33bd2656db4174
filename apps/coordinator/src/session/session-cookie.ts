/**
 * The dashboard's session cookie. Its value is a session token (an API token of its own,
 * stored hashed like every other), so the browser never keeps the token the user signed in
 * with. HttpOnly: page scripts cannot read it. SameSite=Strict: no other site's page can make
 * the browser send it. `Secure` is added when the request came over HTTPS.
 */

export const SESSION_COOKIE = 'rh_session';

/**
 * How long a session lasts: a working day. The cookie expires then, and the coordinator
 * refuses the session token after it whatever the browser does.
 */
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/** The cookies of a `Cookie` header, by name (the first one wins, as browsers send the most specific first). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    let value = part.slice(index + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name === '' || cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      // a malformed escape: not a cookie of ours
    }
  }
  return cookies;
}

/** The session token a request carries in its cookie, if any. */
export function sessionCookieValue(header: string | undefined): string | undefined {
  const value = parseCookies(header).get(SESSION_COOKIE);
  return value === undefined || value === '' ? undefined : value;
}

/** `maxAgeMs`: until the session ends (sooner than SESSION_MAX_AGE_MS when the token signed in with expires first). */
export function sessionCookie(value: string, options: { secure: boolean; maxAgeMs?: number }): string {
  const maxAgeS = Math.max(0, Math.ceil(Math.min(options.maxAgeMs ?? SESSION_MAX_AGE_MS, SESSION_MAX_AGE_MS) / 1000));
  const attributes = [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeS}`];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}

/** Tells the browser to drop the cookie (sign out). */
export function clearedSessionCookie(options: { secure: boolean }): string {
  const attributes = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0'];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}
