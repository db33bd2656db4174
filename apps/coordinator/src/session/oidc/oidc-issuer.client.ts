import * as oidc from 'openid-client';
import type { OidcConfig } from './oidc.config';
import { OidcSignInError } from './oidc-sign-in.error';
import type { OidcFlow } from './oidc-flow-cookie';

/**
 * The edge to the issuer, through openid-client (v6): discovery, the authorization URL, and
 * the code exchange with every check the library makes (state, PKCE, the ID token's
 * signature, issuer, audience, expiry and nonce). Discovery happens at the first sign-in and
 * is retried at the next one when it fails, so an issuer that is down does not stop the
 * coordinator from starting.
 */
export class OidcIssuerClient {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly config: OidcConfig) {}

  /** A new flow (kept by the browser) and the issuer's URL to send the browser to. */
  async start(now: number): Promise<{ readonly flow: OidcFlow; readonly url: URL }> {
    const configuration = await this.discovered();
    const flow: OidcFlow = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), startedAt: now };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUrl.href,
      scope: this.config.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { flow, url };
  }

  /**
   * Exchanges the callback's code and answers the person's claims: the ID token's, with the
   * userinfo answer merged in when the ID token carries no email (issuers that keep scope
   * claims out of the ID token). Throws OidcSignInError.
   */
  async finish(callbackUrl: URL, flow: OidcFlow): Promise<Record<string, unknown>> {
    const configuration = await this.discovered();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        pkceCodeVerifier: flow.codeVerifier,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof oidc.AuthorizationResponseError) throw new OidcSignInError('issuer-refused', undefined, { cause: error });
      if (isNetworkError(error)) throw new OidcSignInError('issuer-unreachable', undefined, { cause: error });
      throw new OidcSignInError('response-rejected', undefined, { cause: error });
    }
    const claims: Record<string, unknown> = { ...tokens.claims() };
    if (typeof claims.email === 'string' || configuration.serverMetadata().userinfo_endpoint === undefined) return claims;
    try {
      const userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, String(claims.sub));
      // The ID token's claims win: they are signed; userinfo only fills in what it lacks.
      return { ...userinfo, ...claims };
    } catch (error) {
      throw new OidcSignInError(isNetworkError(error) ? 'issuer-unreachable' : 'response-rejected', undefined, { cause: error });
    }
  }

  private discovered(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(this.config.issuer, this.config.clientId, { client_secret: this.config.clientSecret, redirect_uris: [this.config.redirectUrl.href], response_types: ['code'] }, oidc.ClientSecretBasic(this.config.clientSecret), {
        timeout: Math.ceil(this.config.httpTimeoutMs / 1000),
        execute: [
          // The ID token comes straight from the token endpoint over TLS, where the spec lets the
          // signature go unchecked; checking it against the issuer's keys anyway costs one cached
          // JWKS fetch and does not rest on TLS alone.
          oidc.enableNonRepudiationChecks,
          // The issuer URL was checked at boot: plain HTTP only on this machine (oidc.config.ts).
          ...(this.config.issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : []),
        ],
      })
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw new OidcSignInError('issuer-unreachable', undefined, { cause: error });
      });
    return this.configuration;
  }
}

function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'));
}
