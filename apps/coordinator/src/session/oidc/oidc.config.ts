import { RoleSchema, type Role } from '@runtime-hub/protocol';
import * as D from '../../config/defaults';

/**
 * OpenID Connect sign-in, resolved from the environment once at boot. Off (undefined) when
 * RH_OIDC_ISSUER is unset; when it is set, everything else it needs must be too, and each
 * missing or wrong variable is named.
 */
export interface OidcConfig {
  /** The issuer's URL; its metadata is read from `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: URL;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Registered at the issuer as the client's redirect URI. */
  readonly redirectUrl: URL;
  /** Where the browser lands after the callback: RH_PUBLIC_URL, or `/` of the coordinator it called. */
  readonly dashboardUrl: string;
  readonly scopes: string;
  /** The role of a person first seen through the issuer. */
  readonly defaultRole: Role;
  /** Lower-case email domains allowed in; empty: any. */
  readonly allowedDomains: readonly string[];
  /** Shown on the sign-in button: "Sign in with <name>". */
  readonly name: string;
  readonly flowTtlMs: number;
  readonly httpTimeoutMs: number;
}

/** The variables read here, as the coordinator's env schema passes them (blank already undefined). */
export interface OidcEnv {
  readonly RH_PUBLIC_URL: string | undefined;
  readonly RH_OIDC_ISSUER: string | undefined;
  readonly RH_OIDC_CLIENT_ID: string | undefined;
  readonly RH_OIDC_CLIENT_SECRET: string | undefined;
  readonly RH_OIDC_REDIRECT_URL: string | undefined;
  readonly RH_OIDC_SCOPES: string | undefined;
  readonly RH_OIDC_DEFAULT_ROLE: string | undefined;
  readonly RH_OIDC_ALLOWED_DOMAINS: string | undefined;
  readonly RH_OIDC_NAME: string | undefined;
  readonly RH_OIDC_FLOW_TTL_MS: number;
  readonly RH_OIDC_HTTP_TIMEOUT_MS: number;
}

export type OidcConfigResult = { readonly config: OidcConfig | undefined; readonly problems: readonly string[] };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Plain HTTP only to this machine (a test or local issuer): tokens and secrets never cross a network unencrypted. */
export function isAllowedIssuerUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

export function parseOidcConfig(env: OidcEnv): OidcConfigResult {
  if (env.RH_OIDC_ISSUER === undefined) return { config: undefined, problems: [] };
  const problems: string[] = [];
  const url = (name: string, text: string): URL | undefined => {
    try {
      const parsed = new URL(text);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed;
    } catch {
      // reported below
    }
    problems.push(`${name}: "${text}" is not an http(s) URL`);
    return undefined;
  };
  const issuer = url('RH_OIDC_ISSUER', env.RH_OIDC_ISSUER);
  if (issuer && !isAllowedIssuerUrl(issuer)) problems.push('RH_OIDC_ISSUER: must be https (plain http only on localhost)');
  if (env.RH_OIDC_CLIENT_ID === undefined) problems.push('RH_OIDC_CLIENT_ID: required when RH_OIDC_ISSUER is set (the client registered at the issuer)');
  if (env.RH_OIDC_CLIENT_SECRET === undefined) problems.push('RH_OIDC_CLIENT_SECRET: required when RH_OIDC_ISSUER is set (the secret of that client)');
  // With a trailing slash, so that the paths below resolve under it (a dashboard behind a proxy at /hub).
  const publicUrl = env.RH_PUBLIC_URL === undefined ? undefined : url('RH_PUBLIC_URL', env.RH_PUBLIC_URL.replace(/\/*$/, '/'));
  let redirectUrl: URL | undefined;
  if (env.RH_OIDC_REDIRECT_URL !== undefined) redirectUrl = url('RH_OIDC_REDIRECT_URL', env.RH_OIDC_REDIRECT_URL);
  else if (publicUrl) redirectUrl = new URL(D.OIDC_CALLBACK_PATH.replace(/^\//, ''), publicUrl);
  else if (env.RH_PUBLIC_URL === undefined) {
    problems.push(`RH_OIDC_REDIRECT_URL: required when RH_OIDC_ISSUER is set, unless RH_PUBLIC_URL is (then it is <RH_PUBLIC_URL>${D.OIDC_CALLBACK_PATH})`);
  }
  const scopes = (env.RH_OIDC_SCOPES ?? D.DEFAULT_OIDC_SCOPES).trim().split(/\s+/);
  if (!scopes.includes('openid')) problems.push('RH_OIDC_SCOPES: must include "openid"');
  const role = RoleSchema.safeParse(env.RH_OIDC_DEFAULT_ROLE ?? D.DEFAULT_OIDC_ROLE);
  if (!role.success) problems.push(`RH_OIDC_DEFAULT_ROLE: "${env.RH_OIDC_DEFAULT_ROLE}" is not a role (${RoleSchema.options.join(', ')})`);
  const allowedDomains = (env.RH_OIDC_ALLOWED_DOMAINS ?? '')
    .split(',')
    .map((domain) => domain.trim().toLowerCase().replace(/^@/, ''))
    .filter((domain) => domain !== '');
  for (const domain of allowedDomains) {
    if (!/^[a-z0-9.-]+\.[a-z0-9-]+$/.test(domain)) problems.push(`RH_OIDC_ALLOWED_DOMAINS: "${domain}" is not a domain`);
  }
  if (problems.length > 0 || !issuer || !redirectUrl || !role.success) return { config: undefined, problems };
  return {
    config: {
      issuer,
      clientId: env.RH_OIDC_CLIENT_ID!,
      clientSecret: env.RH_OIDC_CLIENT_SECRET!,
      redirectUrl,
      dashboardUrl: publicUrl?.href ?? '/',
      scopes: scopes.join(' '),
      defaultRole: role.data,
      allowedDomains,
      name: env.RH_OIDC_NAME?.trim() || D.DEFAULT_OIDC_NAME,
      flowTtlMs: env.RH_OIDC_FLOW_TTL_MS,
      httpTimeoutMs: env.RH_OIDC_HTTP_TIMEOUT_MS,
    },
    problems: [],
  };
}
