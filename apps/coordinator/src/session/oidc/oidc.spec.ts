import { ConfigError, loadCoordinatorConfig } from '../../config/coordinator.config';
import { DEFAULT_OIDC_FLOW_TTL_MS } from '../../config/defaults';
import { encodeOidcFlow, oidcFlowCookie, oidcFlowOf } from './oidc-flow-cookie';
import { personFromClaims } from './oidc-person';

const COMPLETE = {
  RH_OIDC_ISSUER: 'https://login.example.com/tenant/v2.0',
  RH_OIDC_CLIENT_ID: 'runtime-hub',
  RH_OIDC_CLIENT_SECRET: 'shh',
  RH_PUBLIC_URL: 'https://hub.example.com',
};

function problemsOf(env: Record<string, string>): string {
  try {
    loadCoordinatorConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}

describe('OpenID Connect configuration', () => {
  it('is off without RH_OIDC_ISSUER, whatever else is set', () => {
    expect(loadCoordinatorConfig({ RH_OIDC_CLIENT_ID: 'x' }).auth.oidc).toBeUndefined();
  });

  it('fills the defaults: the redirect under RH_PUBLIC_URL, openid email profile, viewer, any domain', () => {
    const oidc = loadCoordinatorConfig(COMPLETE).auth.oidc!;
    expect(oidc.redirectUrl.href).toBe('https://hub.example.com/api/session/oidc/callback');
    expect(oidc).toMatchObject({ scopes: 'openid email profile', defaultRole: 'viewer', allowedDomains: [], name: 'single sign-on', flowTtlMs: DEFAULT_OIDC_FLOW_TTL_MS });
  });

  it('keeps a path in RH_PUBLIC_URL, and RH_OIDC_REDIRECT_URL wins over it', () => {
    expect(loadCoordinatorConfig({ ...COMPLETE, RH_PUBLIC_URL: 'https://example.com/hub' }).auth.oidc!.redirectUrl.href).toBe('https://example.com/hub/api/session/oidc/callback');
    expect(loadCoordinatorConfig({ ...COMPLETE, RH_OIDC_REDIRECT_URL: 'https://other.example.com/cb' }).auth.oidc!.redirectUrl.href).toBe('https://other.example.com/cb');
    expect(loadCoordinatorConfig({ ...COMPLETE, RH_PUBLIC_URL: 'https://example.com/hub/' }).auth.oidc!.dashboardUrl).toBe('https://example.com/hub/');
    expect(loadCoordinatorConfig({ ...COMPLETE, RH_PUBLIC_URL: undefined, RH_OIDC_REDIRECT_URL: 'https://hub.example.com/api/session/oidc/callback' }).auth.oidc!.dashboardUrl).toBe('/');
  });

  it('reads the role, the domains and the scopes', () => {
    const oidc = loadCoordinatorConfig({ ...COMPLETE, RH_OIDC_DEFAULT_ROLE: 'operator', RH_OIDC_ALLOWED_DOMAINS: ' Example.com, @corp.example ', RH_OIDC_SCOPES: 'openid  email' }).auth.oidc!;
    expect(oidc).toMatchObject({ defaultRole: 'operator', allowedDomains: ['example.com', 'corp.example'], scopes: 'openid email' });
  });

  it.each([
    [{ RH_OIDC_CLIENT_ID: undefined }, /RH_OIDC_CLIENT_ID: required/],
    [{ RH_OIDC_CLIENT_SECRET: undefined }, /RH_OIDC_CLIENT_SECRET: required/],
    [{ RH_PUBLIC_URL: undefined }, /RH_OIDC_REDIRECT_URL: required .* unless RH_PUBLIC_URL/],
    [{ RH_OIDC_ISSUER: 'not a url' }, /RH_OIDC_ISSUER: "not a url" is not an http\(s\) URL/],
    [{ RH_OIDC_ISSUER: 'http://login.example.com' }, /RH_OIDC_ISSUER: must be https/],
    [{ RH_OIDC_DEFAULT_ROLE: 'owner' }, /RH_OIDC_DEFAULT_ROLE: "owner" is not a role/],
    [{ RH_OIDC_SCOPES: 'email profile' }, /RH_OIDC_SCOPES: must include "openid"/],
    [{ RH_OIDC_ALLOWED_DOMAINS: 'example.com, not a domain' }, /RH_OIDC_ALLOWED_DOMAINS: "not a domain"/],
  ])('refuses to start with %j, naming the variable', (change, problem) => {
    const env: Record<string, string> = { ...COMPLETE };
    for (const [name, value] of Object.entries(change)) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    expect(problemsOf(env)).toMatch(problem);
  });

  it('allows plain HTTP only for an issuer on this machine', () => {
    expect(loadCoordinatorConfig({ ...COMPLETE, RH_OIDC_ISSUER: 'http://127.0.0.1:8080' }).auth.oidc!.issuer.href).toBe('http://127.0.0.1:8080/');
    expect(loadCoordinatorConfig({ ...COMPLETE, RH_OIDC_ISSUER: 'http://localhost:8080/realms/hub' }).auth.oidc).toBeDefined();
  });
});

describe('personFromClaims', () => {
  it.each([
    [{ email: 'Ada@Example.com', email_verified: true, name: ' Ada Lovelace ' }, [], { ok: true, email: 'ada@example.com', name: 'Ada Lovelace' }],
    [{ email: 'ada@example.com', email_verified: true, given_name: 'Ada', family_name: 'Lovelace' }, [], { ok: true, email: 'ada@example.com', name: 'Ada Lovelace' }],
    [{ email: 'ada@example.com', email_verified: true, preferred_username: 'ada' }, [], { ok: true, email: 'ada@example.com', name: 'ada' }],
    [{ email: 'ada.l@example.com', email_verified: true }, [], { ok: true, email: 'ada.l@example.com', name: 'ada.l' }],
    [{ email: 'ada@example.com', email_verified: true }, ['example.com'], { ok: true, email: 'ada@example.com', name: 'ada' }],
    [{ email_verified: true, name: 'No Email' }, [], { ok: false, reason: 'no-email' }],
    [{ email: 'not-an-email', email_verified: true }, [], { ok: false, reason: 'no-email' }],
    [{ email: 'ada@', email_verified: true }, [], { ok: false, reason: 'no-email' }],
    [{ email: 'ada@example.com' }, [], { ok: false, reason: 'email-not-verified' }],
    [{ email: 'ada@example.com', email_verified: 'true' }, [], { ok: false, reason: 'email-not-verified' }],
    [{ email: 'ada@example.com', email_verified: false }, [], { ok: false, reason: 'email-not-verified' }],
    [{ email: 'ada@sub.example.com', email_verified: true }, ['example.com'], { ok: false, reason: 'domain-not-allowed' }],
  ])('%j with domains %j -> %j', (claims, domains, expected) => {
    expect(personFromClaims(claims, domains)).toEqual(expected);
  });
});

describe('the flow cookie', () => {
  const flow = { state: 'state_0123456789abcdef', nonce: 'nonce-0123456789abcdef', codeVerifier: 'verifier0123456789abcdefABCDEF', startedAt: 1_700_000_000_000 };

  it('round-trips, Lax (the callback comes from the issuer) and limited to the sign-on routes', () => {
    const cookie = oidcFlowCookie(flow, { secure: true, maxAgeMs: 600_000 });
    expect(cookie).toMatch(/; Path=\/api\/session\/oidc; HttpOnly; SameSite=Lax; Max-Age=600; Secure$/);
    expect(oidcFlowOf(`other=1; ${cookie.split(';')[0]}`)).toEqual(flow);
  });

  it('ignores a cookie that is not one it wrote', () => {
    expect(oidcFlowOf(undefined)).toBeUndefined();
    expect(oidcFlowOf('rh_oidc=not-base64-json')).toBeUndefined();
    expect(oidcFlowOf(`rh_oidc=${encodeOidcFlow({ ...flow, state: 'short' })}`)).toBeUndefined();
    expect(oidcFlowOf(`rh_oidc=${Buffer.from(JSON.stringify({ state: flow.state })).toString('base64url')}`)).toBeUndefined();
  });
});
