import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PERMISSIONS, allows, type Permission } from '@runtime-hub/protocol';
import type { Attempt } from '../edge/rate-limit.buckets';
import { RateLimiter } from '../edge/rate-limiter.service';
import { SourceAddress } from '../edge/source-address';
import { ApiError } from '../openapi/api-error';
import { CSRF_HEADER, CSRF_HEADER_VALUE, missesCsrfHeader } from '../session/csrf';
import { sessionCookieValue } from '../session/session-cookie';
import { sessionOf } from '../session/session-principal';
import { bearerToken } from './api-token';
import { ApiTokenService, type ApiPrincipal } from './api-token.service';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRES } from './requires.decorator';

/** Controllers whose path starts with this segment are the REST API, and need a token. */
export const API_PATH_SEGMENT = 'api';

export interface AuthenticatedRequest extends Request {
  /**
   * Set by ApiTokenGuard on every authenticated `/api` request. For a dashboard session it
   * names the token the user signed in with, so what they do is recorded under that name.
   */
  apiToken?: ApiPrincipal;
  /** Set when the request was authenticated by a dashboard session (cookie or bearer). */
  session?: { readonly tokenId: string; readonly expiresAt: string };
}

/**
 * The global guard: every route of a controller under `/api` needs
 * `Authorization: Bearer <token>`, or the dashboard's session cookie (`rh_session`, see
 * ../session), unless it is marked `@Public()`. A cookie-authenticated request that changes
 * state must also carry `X-Requested-With: runtime-hub` (CSRF). Routes outside `/api`
 * (`/health`, `/metrics`, the dashboard's files) are open. The decision is taken on the
 * controller's declared path, not on the request URL, so that case or slash variants of a
 * URL that Express would still route cannot slip past it. Socket.IO gateways authenticate
 * their own connections.
 *
 * Then the role: the route's `@Requires(permission)` against the token's role (403 naming
 * both); a route without `@Requires` is refused (deny by default).
 *
 * A request that presents a token is rate limited on failure (RH_RATE_LIMIT_API_AUTH, per
 * source address and per token): over the limit it is answered 429 before the token is
 * looked at, whatever the token.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ApiTokenService) private readonly tokens: ApiTokenService,
    @Inject(SourceAddress) private readonly addresses: SourceAddress,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const controllerPaths = this.reflector.get<string | string[] | undefined>(PATH_METADATA, context.getClass());
    const routePaths = this.reflector.get<string | string[] | undefined>(PATH_METADATA, context.getHandler());
    if (!isApiRoute(controllerPaths, routePaths)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (token) {
      const attempt = await this.checkLimit(request, token);
      const principal = await this.tokens.authenticate(token);
      if (!principal) throw await this.refuse(attempt, 'the API token is not valid (unknown, revoked or expired)');
      this.admit(request, principal);
      return this.authorize(context, principal);
    }
    const cookie = sessionCookieValue(request.headers.cookie);
    if (!cookie) throw ApiError.unauthorized('an API token is required: send "Authorization: Bearer <token>" (or sign in to the dashboard)');
    const attempt = await this.checkLimit(request, cookie);
    const principal = await this.tokens.authenticate(cookie);
    if (!principal || typeof sessionOf(principal, Date.now()) !== 'object') {
      throw await this.refuse(attempt, 'the dashboard session has ended (expired, signed out or revoked): sign in again');
    }
    if (missesCsrfHeader(request.method, request.headers[CSRF_HEADER])) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'CSRF', `a request signed in by cookie that changes state must send "${CSRF_HEADER}: ${CSRF_HEADER_VALUE}"`);
    }
    this.admit(request, principal);
    return this.authorize(context, principal);
  }

  /**
   * The role check, after authentication: the route's permission (`@Requires`) against the
   * principal's role. A route that declares no permission is refused whoever calls it (deny by
   * default), so a route added without a rule fails closed.
   */
  private authorize(context: ExecutionContext, principal: ApiPrincipal): true {
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRES, [context.getHandler(), context.getClass()]);
    if (permission === undefined) throw ApiError.forbidden('this route declares no permission, so it is refused (deny by default)');
    if (!allows(principal.role, permission)) {
      throw ApiError.forbidden(`"${permission}" needs the role "${PERMISSIONS[permission]}" or higher; this request's role is "${principal.role}"`);
    }
    return true;
  }

  private async checkLimit(request: AuthenticatedRequest, token: string): Promise<Attempt> {
    const attempt = { address: this.addresses.of(request), subject: token };
    await this.limiter.check('apiAuth', attempt);
    return attempt;
  }

  /** Counts the failure, then gives the 401 to throw. */
  private async refuse(attempt: Attempt, message: string): Promise<ApiError> {
    await this.limiter.failed('apiAuth', attempt);
    return ApiError.unauthorized(message);
  }

  /** Records who made the request; a session acts under the name of the token it was opened with. */
  private admit(request: AuthenticatedRequest, principal: ApiPrincipal): void {
    const session = sessionOf(principal, Date.now());
    if (session === 'expired') throw ApiError.unauthorized('the dashboard session has ended (expired): sign in again');
    request.apiToken = session ? { ...principal, name: session.owner } : principal;
    if (session) request.session = { tokenId: session.tokenId, expiresAt: session.expiresAt.toISOString() };
  }
}

/** Whether any path the route answers on (controller path + route path) is under `/api`. */
export function isApiRoute(controllerPaths: string | string[] | undefined, routePaths: string | string[] | undefined): boolean {
  const list = (paths: string | string[] | undefined): string[] => (Array.isArray(paths) ? paths : [paths ?? '']);
  return list(controllerPaths).some((controllerPath) =>
    list(routePaths).some((routePath) => {
      const segments = `${controllerPath}/${routePath}`.split('/').filter((segment) => segment !== '');
      return segments[0]?.toLowerCase() === API_PATH_SEGMENT;
    }),
  );
}
