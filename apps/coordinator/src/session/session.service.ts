import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '../openapi/api-error';
import { ApiTokenService } from '../auth/api-token.service';
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
  constructor(@Inject(ApiTokenService) private readonly tokens: ApiTokenService) {}

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
    return { token: created.token, info: { name: owner, expiresAt: created.expiresAt! } };
  }

  /** The live session this token opened; undefined for anything else (unknown, revoked, expired, not a session). */
  async authenticate(token: string): Promise<SessionPrincipal | undefined> {
    const principal = await this.tokens.authenticate(token);
    if (!principal) return undefined;
    const session = sessionOf(principal, Date.now());
    return typeof session === 'object' ? session : undefined;
  }

  /** Signs out: revokes the session token. Idempotent; anything but a session token is left alone. */
  async close(token: string): Promise<void> {
    const principal = await this.tokens.authenticate(token);
    if (!principal || sessionOf(principal, Date.now()) === undefined) return;
    await this.tokens.revoke(principal.tokenId);
  }
}
