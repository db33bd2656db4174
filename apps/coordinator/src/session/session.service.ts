import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '../openapi/api-error';
import { RoleSchema, permissionsOf, type Role } from '@runtime-hub/protocol';
import { ApiTokenService, type ApiPrincipal } from '../auth/api-token.service';
import { UsersService } from '../users/users.service';
import type { UserRow } from '@runtime-hub/db';
import type { SessionInfo } from './session.schemas';
import { SESSION_MAX_AGE_MS } from './session-cookie';
import { sessionOf, type SessionPrincipal } from './session-principal';
import { sessionTokenName } from './session-token';

export interface OpenedSession {
  /** The new session token: the cookie's value, and nowhere else. */
  readonly token: string;
  readonly info: SessionInfo;
}

/**
 * Dashboard sessions. Signing in checks the user's API token and issues a new, separate
 * token for the session (stored hashed in `api_tokens` like every token), so the browser
 * only ever holds a credential it can lose without harm: it expires, and signing out
 * revokes it.
 */
@Injectable()
export class SessionService {
  constructor(
    @Inject(ApiTokenService) private readonly tokens: ApiTokenService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  /**
   * Signs a person in with email and password: a session token owned by the user, with the
   * user's role, that ends after SESSION_MAX_AGE_MS or when the user is disabled.
   */
  async openWithPassword(email: string, password: string): Promise<OpenedSession> {
    return this.openForUser(await this.users.signIn(email, password));
  }

  /** A session for a person already authenticated (a password checked, or an OpenID Connect issuer's word). */
  async openForUser(user: UserRow): Promise<OpenedSession> {
    const openedAt = new Date();
    const owner = { id: user.id, email: user.email };
    const created = await this.tokens.create(sessionTokenName(openedAt, user.email), {
      session: { expiresAt: new Date(openedAt.getTime() + SESSION_MAX_AGE_MS) },
      user: owner,
      role: parseRole(user.role),
    });
    return { token: created.token, info: sessionInfo({ name: user.email, expiresAt: created.expiresAt!, role: created.role, user: owner }) };
  }

  async open(token: string): Promise<OpenedSession> {
    const principal = await this.tokens.authenticate(token);
    if (!principal) throw ApiError.unauthorized('the API token is not valid (unknown or revoked)');
    const existing = sessionOf(principal, Date.now());
    if (existing === 'expired') throw ApiError.unauthorized('that session has ended: sign in with an API token');
    const owner = existing?.owner ?? principal.name;
    const openedAt = new Date();
    // Derived from the token signed in with: it ends when that token is revoked or expires.
    const created = await this.tokens.create(sessionTokenName(openedAt, owner), {
      creator: principal,
      session: { expiresAt: new Date(openedAt.getTime() + SESSION_MAX_AGE_MS) },
    });
    return { token: created.token, info: sessionInfo({ name: owner, expiresAt: created.expiresAt!, role: principal.role, user: principal.user }) };
  }

  /** The live session this token opened; undefined for anything else (unknown, revoked, expired, not a session). */
  async authenticate(token: string): Promise<SessionPrincipal | undefined> {
    const principal = await this.tokens.authenticate(token);
    if (!principal) return undefined;
    const session = sessionOf(principal, Date.now());
    return typeof session === 'object' ? session : undefined;
  }

  /** The principal of a session token, whatever state it is in (to name who signs out); undefined when it does not authenticate. */
  async principalOf(token: string): Promise<ApiPrincipal | undefined> {
    return this.tokens.authenticate(token);
  }

  /** Signs out: revokes the session token. Idempotent; anything but a session token is left alone. */
  async close(token: string): Promise<void> {
    const principal = await this.tokens.authenticate(token);
    if (!principal || sessionOf(principal, Date.now()) === undefined) return;
    await this.tokens.revoke(principal.tokenId);
  }
}

/** A users row's role, checked. */
function parseRole(role: string): Role {
  return RoleSchema.parse(role);
}

export function sessionInfo(base: Omit<SessionInfo, 'permissions'>): SessionInfo {
  return { ...base, permissions: permissionsOf(base.role) };
}
