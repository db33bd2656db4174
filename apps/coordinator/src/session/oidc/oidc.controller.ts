import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditService } from '../../audit/audit.service';
import { Public } from '../../auth/public.decorator';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { RateLimitUnavailableError } from '../../edge/rate-limit-unavailable.error';
import { RateLimitedError } from '../../edge/rate-limited.error';
import { RateLimiter } from '../../edge/rate-limiter.service';
import { SourceAddress } from '../../edge/source-address';
import { LOGGER, type Logger } from '../../logging/logger';
import { ApiError } from '../../openapi/api-error';
import { sessionCookie } from '../session-cookie';
import { clearedOidcFlowCookie, oidcFlowCookie, oidcFlowOf } from './oidc-flow-cookie';
import { OidcSignInError } from './oidc-sign-in.error';
import { OidcSignInService } from './oidc-sign-in.service';
import { signInPageLocation, SIGN_IN_FAILED_MESSAGE } from './sign-in-page';

/**
 * /api/session/oidc: signing in through an OpenID Connect issuer (README.md in this folder).
 * Both routes are navigations of the browser, not API calls, so every outcome is a redirect:
 * to the issuer, to the dashboard signed in, or to the sign-in page with a short message.
 */
@ApiTags('session')
@Controller('api/session/oidc')
export class OidcController {
  constructor(
    @Inject(OidcSignInService) private readonly oidc: OidcSignInService,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(SourceAddress) private readonly addresses: SourceAddress,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Public()
  @Get('start')
  @ApiOperation({ summary: 'Single sign-on: redirects the browser to the OpenID Connect issuer (404 when RH_OIDC_ISSUER is unset)' })
  async start(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (this.oidc.buttonName === undefined) throw ApiError.notFound('single sign-on is not configured on this coordinator (RH_OIDC_ISSUER is unset)');
    try {
      const { flow, url } = await this.oidc.start();
      response.setHeader('set-cookie', oidcFlowCookie(flow, { secure: request.secure, maxAgeMs: this.oidc.flowTtlMs }));
      response.setHeader('cache-control', 'no-store');
      response.redirect(302, url.href);
    } catch (error) {
      this.fail(response, request, error);
    }
  }

  @Public()
  @Get('callback')
  @ApiOperation({ summary: 'Single sign-on: where the issuer sends the browser back; sets the session cookie and redirects to the dashboard' })
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const oidcConfig = this.config.auth.oidc;
    if (!oidcConfig) throw ApiError.notFound('single sign-on is not configured on this coordinator (RH_OIDC_ISSUER is unset)');
    const address = this.addresses.of(request);
    const cookies: string[] = [clearedOidcFlowCookie({ secure: request.secure })];
    try {
      await this.limiter.check('signIn', { address });
      // The URL the issuer redirected to, as registered: openid-client sends it again with the code.
      const callbackUrl = new URL(oidcConfig.redirectUrl.href);
      callbackUrl.search = new URL(request.originalUrl, 'http://callback.invalid').search;
      const { session, created } = await this.oidc.finish(callbackUrl, oidcFlowOf(request.headers.cookie));
      const user = session.info.user!;
      await this.audit.record({ actor: { type: 'user', id: user.id, name: user.email }, action: 'session.sign-in', sourceAddress: address, details: { method: 'oidc', created } });
      const maxAgeMs = Date.parse(session.info.expiresAt ?? '') - Date.now();
      cookies.push(sessionCookie(session.token, { secure: request.secure, ...(Number.isFinite(maxAgeMs) ? { maxAgeMs } : {}) }));
      response.setHeader('set-cookie', cookies);
      response.setHeader('cache-control', 'no-store');
      response.redirect(302, oidcConfig.dashboardUrl);
    } catch (error) {
      if (error instanceof OidcSignInError) {
        await this.recordFailure(address, error).catch((recording: unknown) => this.logger.error({ err: recording }, 'recording a failed single sign-on failed'));
      }
      response.setHeader('set-cookie', cookies);
      this.fail(response, request, error);
    }
  }

  private async recordFailure(address: string, error: OidcSignInError): Promise<void> {
    await this.limiter.failed('signIn', { address, ...(error.email ? { subject: error.email } : {}) });
    const tried = error.email ?? 'single sign-on';
    await this.audit.record({ actor: { type: 'user', id: null, name: tried }, action: 'session.sign-in-failed', sourceAddress: address, details: { method: 'oidc', reason: error.failure } });
  }

  /** Every failure ends on the sign-in page: a known one with its message, anything else logged and told apart from nothing. */
  private fail(response: Response, request: Request, error: unknown): void {
    let message = SIGN_IN_FAILED_MESSAGE;
    if (error instanceof OidcSignInError) {
      message = error.message;
      this.logger.warn({ err: error.cause ?? error, failure: error.failure, path: request.path }, 'single sign-on refused');
    } else if (error instanceof RateLimitedError) {
      message = `too many failed sign-ins from this address: try again in ${error.retryAfterSeconds} seconds`;
    } else if (error instanceof RateLimitUnavailableError) {
      // Sign-in fails closed while failures cannot be counted (edge/rate-limiter.service.ts).
      message = 'sign-in is unavailable for a moment: try again shortly';
      this.logger.warn({ err: error }, 'single sign-on refused: failed sign-ins cannot be counted');
    } else {
      this.logger.error({ err: error, path: request.path }, 'single sign-on failed');
    }
    response.setHeader('cache-control', 'no-store');
    response.redirect(302, signInPageLocation(this.config.auth.oidc?.dashboardUrl ?? '/', message));
  }
}
