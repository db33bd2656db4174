import type { ApiPrincipal } from '../auth/api-token.service';
import { isSessionExpired, parseSessionTokenName, sessionExpiresAt } from './session-token';

/** A dashboard session, as the request that presented it sees it. */
export interface SessionPrincipal {
  /** The session token's own id (what sign-out revokes). */
  readonly tokenId: string;
  /** The name of the token the user signed in with; requests are recorded under it. */
  readonly owner: string;
  readonly expiresAt: Date;
}

/**
 * What an authenticated token is: a live session, an expired one (refused, whatever the
 * channel it came by), or an ordinary API token (`undefined`).
 */
export function sessionOf(principal: ApiPrincipal, nowMs: number): SessionPrincipal | 'expired' | undefined {
  const session = parseSessionTokenName(principal.name);
  if (!session) return undefined;
  // The stored expiry is the one that counts (a session ends with the token it was opened
  // with); the name's opening time bounds sessions stored before expiries were.
  const expiresAt = earlier(principal.expiresAt, sessionExpiresAt(session));
  if (isSessionExpired(session, nowMs) || expiresAt.getTime() <= nowMs) return 'expired';
  return { tokenId: principal.tokenId, owner: session.owner, expiresAt };
}

function earlier(stored: Date | null, fromName: Date): Date {
  return stored && stored.getTime() < fromName.getTime() ? stored : fromName;
}
