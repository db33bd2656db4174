import { parseCookies } from '../session-cookie';

/**
 * A started sign-in, kept by the browser between `/oidc/start` and `/oidc/callback`: the
 * state, nonce and PKCE verifier the callback must match. They are random and single-use, so
 * they need no signature: a changed value only makes the callback fail (the issuer signs the
 * nonce into the ID token and checks the verifier against the challenge it was sent).
 *
 * SameSite=Lax, not Strict: the callback is a top-level navigation coming from the issuer's
 * site, and a Strict cookie would not be sent with it. Path limits it to the two routes.
 */
export const OIDC_FLOW_COOKIE = 'rh_oidc';
export const OIDC_FLOW_COOKIE_PATH = '/api/session/oidc';

export interface OidcFlow {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** Epoch ms: the callback is refused once RH_OIDC_FLOW_TTL_MS has passed. */
  readonly startedAt: number;
}

/** Random values from openid-client are base64url; this bounds what is parsed from a cookie. */
const FLOW_VALUE = /^[A-Za-z0-9_-]{16,128}$/;

export function encodeOidcFlow(flow: OidcFlow): string {
  return Buffer.from(JSON.stringify(flow), 'utf8').toString('base64url');
}

/** The flow in this `Cookie` header; undefined when absent or not one we wrote. */
export function oidcFlowOf(cookieHeader: string | undefined): OidcFlow | undefined {
  const value = parseCookies(cookieHeader).get(OIDC_FLOW_COOKIE);
  if (!value || value.length > 1024) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { state, nonce, codeVerifier, startedAt } = parsed;
    if (typeof state !== 'string' || typeof nonce !== 'string' || typeof codeVerifier !== 'string' || typeof startedAt !== 'number') return undefined;
    if (![state, nonce, codeVerifier].every((text) => FLOW_VALUE.test(text))) return undefined;
    return { state, nonce, codeVerifier, startedAt };
  } catch {
    return undefined;
  }
}

export function oidcFlowCookie(flow: OidcFlow, options: { secure: boolean; maxAgeMs: number }): string {
  return attributes(encodeOidcFlow(flow), Math.ceil(options.maxAgeMs / 1000), options.secure);
}

/** Drops the flow: each one is used once, whatever the callback's outcome. */
export function clearedOidcFlowCookie(options: { secure: boolean }): string {
  return attributes('', 0, options.secure);
}

function attributes(value: string, maxAgeS: number, secure: boolean): string {
  const parts = [`${OIDC_FLOW_COOKIE}=${value}`, `Path=${OIDC_FLOW_COOKIE_PATH}`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeS}`];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
