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
import { OpenSessionBodySchema, type OpenSessionBody, type SessionInfo } from './session.schemas';
import { SessionService } from './session.service';

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
  ) {}

  @Public()
  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: `Sign in with an API token: sets the HttpOnly cookie rh_session (needs ${CSRF_HEADER}: ${CSRF_HEADER_VALUE})` })
  @ApiZodBody(OpenSessionBodySchema)
  async open(@Body(new ZodValidationPipe(OpenSessionBodySchema)) body: OpenSessionBody, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionInfo> {
    requireCsrfHeader(request);
    const attempt = { address: this.addresses.of(request), subject: body.token };
    await this.limiter.check('signIn', attempt);
    const session = await this.sessions.open(body.token).catch(async (error: unknown) => {
      if (error instanceof ApiError && error.status === HttpStatus.UNAUTHORIZED) await this.limiter.failed('signIn', attempt);
      throw error;
    });
    const maxAgeMs = Date.parse(session.info.expiresAt ?? '') - Date.now();
    response.setHeader('set-cookie', sessionCookie(session.token, { secure: request.secure, ...(Number.isFinite(maxAgeMs) ? { maxAgeMs } : {}) }));
    response.setHeader('cache-control', 'no-store');
    return session.info;
  }

  @Get()
  @ApiOperation({ summary: 'Who this request is signed in as (a dashboard session or a bearer token)' })
  current(@Req() request: AuthenticatedRequest): SessionInfo {
    return { name: request.apiToken?.name ?? '', expiresAt: request.session?.expiresAt ?? null };
  }

  @Public()
  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out: revokes the session token and clears the cookie (idempotent)' })
  async close(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    requireCsrfHeader(request);
    const token = sessionCookieValue(request.headers.cookie);
    if (token) await this.sessions.close(token);
    response.setHeader('set-cookie', clearedSessionCookie({ secure: request.secure }));
  }
}

function requireCsrfHeader(request: Request): void {
  if (missesCsrfHeader(request.method, request.headers[CSRF_HEADER])) {
    throw new ApiError(HttpStatus.FORBIDDEN, 'CSRF', `send the header "${CSRF_HEADER}: ${CSRF_HEADER_VALUE}" with this request`);
  }
}
