import { Inject, Injectable } from '@nestjs/common';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { ApiError } from '../../openapi/api-error';
import { UsersService } from '../../users/users.service';
import { SessionService, type OpenedSession } from '../session.service';
import type { OidcConfig } from './oidc.config';
import type { OidcFlow } from './oidc-flow-cookie';
import { OidcIssuerClient } from './oidc-issuer.client';
import { personFromClaims } from './oidc-person';
import { OidcSignInError } from './oidc-sign-in.error';

/** A finished single sign-on: the session, and whether the person was made by it. */
export interface OidcSignIn {
  readonly session: OpenedSession;
  readonly created: boolean;
}

/**
 * Signing in through an OpenID Connect issuer (README.md in this folder):
 *
 *   1. start: a new flow (state, nonce, PKCE verifier) for the browser to keep, and the
 *      issuer's authorization URL to send it to.
 *   2. finish, on the callback:
 *      a. the flow is there and younger than RH_OIDC_FLOW_TTL_MS, and its state is the
 *         callback's (checked here first for a precise message, and again by openid-client);
 *      b. the code is exchanged and the ID token verified (oidc-issuer.client.ts);
 *      c. the claims name a person with a verified email in an allowed domain (oidc-person.ts);
 *      d. that person is found or made with RH_OIDC_DEFAULT_ROLE, and refused when disabled;
 *      e. a session is opened for them exactly as for a password sign-in.
 */
@Injectable()
export class OidcSignInService {
  private readonly config: OidcConfig | undefined;
  private readonly issuer: OidcIssuerClient | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) coordinatorConfig: CoordinatorConfig,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(SessionService) private readonly sessions: SessionService,
  ) {
    this.config = coordinatorConfig.auth.oidc;
    this.issuer = this.config ? new OidcIssuerClient(this.config) : undefined;
  }

  /** What the sign-in page may know: whether single sign-on is on, and the button's name. */
  get buttonName(): string | undefined {
    return this.config?.name;
  }

  get flowTtlMs(): number {
    return this.config?.flowTtlMs ?? 0;
  }

  async start(): Promise<{ readonly flow: OidcFlow; readonly url: URL }> {
    return this.enabledIssuer().start(Date.now());
  }

  async finish(callbackUrl: URL, flow: OidcFlow | undefined): Promise<OidcSignIn> {
    const issuer = this.enabledIssuer();
    const config = this.config!;
    if (!flow) throw new OidcSignInError('no-flow');
    if (Date.now() - flow.startedAt > config.flowTtlMs) throw new OidcSignInError('flow-expired');
    if (callbackUrl.searchParams.get('state') !== flow.state) throw new OidcSignInError('state-mismatch');
    const claims = await issuer.finish(callbackUrl, flow);
    const person = personFromClaims(claims, config.allowedDomains);
    if (!person.ok) throw new OidcSignInError(person.reason, typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined);
    const found = await this.users.signInWithIssuer(person, config.defaultRole);
    if (found === 'disabled') throw new OidcSignInError('user-disabled', person.email);
    return { session: await this.sessions.openForUser(found.user), created: found.created };
  }

  private enabledIssuer(): OidcIssuerClient {
    if (!this.issuer) throw ApiError.notFound('single sign-on is not configured on this coordinator (RH_OIDC_ISSUER is unset)');
    return this.issuer;
  }
}

