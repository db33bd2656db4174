import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/api-token.guard';
import { Public } from '../auth/public.decorator';
import { RateLimiter } from '../edge/rate-limiter.service';
import { SourceAddress } from '../edge/source-address';
import { ApiError } from '../openapi/api-error';
import { ApiZodBody } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { CSRF_HEADER, CSRF_HEADER_VALUE, missesCsrfHeader } from './csrf';
import { clearedSessionCookie, sessionCookie, sessionCookieValue } from './session-cookie';
import { OIDC_START_PATH, OpenSessionBodySchema, type OpenSessionBody, type SessionInfo, type SignInMethods } from './session.schemas';
import { OidcSignInService } from './oidc/oidc-sign-in.service';
import { SessionService, sessionInfo } from './session.service';
import { parseSessionTokenName } from './session-token';
import { AuditService } from '../audit/audit.service';
import { actorOf } from '../audit/audit-entry';
import { Requires } from '../auth/requires.decorator';

/**
 * /api/session: the dashboard's sign-in. POST opens a session (an HttpOnly cookie holding a
 * new session token), GET says who is signed in, DELETE signs out (revokes the session
 * token and clears the cookie). Failed sign-ins are rate limited per source address and per
 * token tried (RH_RATE_LIMIT_SIGN_IN): over the limit, 429 with `Retry-After`.
 */
@ApiTags('session')
@Controller('api/session')
export class SessionController {
  constructor(
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(SourceAddress) private readonly addresses: SourceAddress,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(OidcSignInService) private readonly oidc: OidcSignInService,
  ) {}

  @Public()
  @Get('methods')
  @ApiOperation({ summary: 'How one may sign in here, for the sign-in page (public): single sign-on and its button name, or null' })
  methods(): SignInMethods {
    const name = this.oidc.buttonName;
    return { password: true, token: true, oidc: name === undefined ? null : { name, startUrl: OIDC_START_PATH } };
  }

  @Public()
  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: `Sign in with an API token or with email and password: sets the HttpOnly cookie rh_session (needs ${CSRF_HEADER}: ${CSRF_HEADER_VALUE})` })
  @ApiZodBody(OpenSessionBodySchema)
  async open(@Body(new ZodValidationPipe(OpenSessionBodySchema)) body: OpenSessionBody, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionInfo> {
    requireCsrfHeader(request);
    const address = this.addresses.of(request);
    const attempt = { address, subject: 'token' in body ? body.token : body.email.toLowerCase() };
    await this.limiter.check('signIn', attempt);
    const opening = 'token' in body ? this.sessions.open(body.token) : this.sessions.openWithPassword(body.email, body.password);
    const session = await opening.catch(async (error: unknown) => {
      if (error instanceof ApiError && error.status === HttpStatus.UNAUTHORIZED) {
        await this.limiter.failed('signIn', attempt);
        // Never the token or password tried: an email names who was tried, a token attempt only that it was one.
        const tried = 'email' in body ? body.email.toLowerCase() : 'an API token';
        await this.audit.record({ actor: { type: 'user', id: null, name: tried }, action: 'session.sign-in-failed', sourceAddress: address });
      }
      throw error;
    });
    const actor = session.info.user ? { type: 'user' as const, id: session.info.user.id, name: session.info.user.email } : { type: 'token' as const, id: null, name: session.info.name };
    await this.audit.record({ actor, action: 'session.sign-in', sourceAddress: address, details: { method: 'token' in body ? 'token' : 'password' } });
    const maxAgeMs = Date.parse(session.info.expiresAt ?? '') - Date.now();
    response.setHeader('set-cookie', sessionCookie(session.token, { secure: request.secure, ...(Number.isFinite(maxAgeMs) ? { maxAgeMs } : {}) }));
    response.setHeader('cache-control', 'no-store');
    return session.info;
  }

  @Get()
  @Requires('tokens.own')
  @ApiOperation({ summary: 'Who this request is signed in as (a dashboard session or a bearer token)' })
  current(@Req() request: AuthenticatedRequest): SessionInfo {
    const principal = request.apiToken;
    return sessionInfo({ name: principal?.name ?? '', expiresAt: request.session?.expiresAt ?? null, role: principal?.role ?? 'viewer', user: principal?.user ?? null });
  }

  @Public()
  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out: revokes the session token and clears the cookie (idempotent)' })
  async close(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    requireCsrfHeader(request);
    const token = sessionCookieValue(request.headers.cookie);
    if (token) {
      const principal = await this.sessions.principalOf(token);
      await this.sessions.close(token);
      if (principal) {
        const actor = principal.user ? actorOf(principal) : { type: 'token' as const, id: principal.tokenId, name: parseSessionTokenName(principal.name)?.owner ?? principal.name };
        await this.audit.record({ actor, action: 'session.sign-out', sourceAddress: this.addresses.of(request) });
      }
    }
    response.setHeader('set-cookie', clearedSessionCookie({ secure: request.secure }));
  }
}

function requireCsrfHeader(request: Request): void {
  if (missesCsrfHeader(request.method, request.headers[CSRF_HEADER])) {
    throw new ApiError(HttpStatus.FORBIDDEN, 'CSRF', `send the header "${CSRF_HEADER}: ${CSRF_HEADER_VALUE}" with this request`);
  }
}
