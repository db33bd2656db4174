import { SESSION_MAX_AGE_MS } from './session-cookie';

/**
 * Session tokens are API tokens named `session:<ISO time it was opened> <owner>`, where the
 * owner is the name of the token the user signed in with. The name says when the session
 * ends (there is no expiry column) and who it acts for: requests made with it are recorded
 * under the owner's name (a saved version's `createdBy`), not the session's.
 */

export const SESSION_TOKEN_PREFIX = 'session:';

export interface SessionTokenName {
  readonly openedAt: Date;
  readonly owner: string;
}

export function sessionTokenName(openedAt: Date, owner: string): string {
  return `${SESSION_TOKEN_PREFIX}${openedAt.toISOString()} ${owner}`;
}

/** The parts of a session token's name; undefined for any other token's name. */
export function parseSessionTokenName(name: string): SessionTokenName | undefined {
  if (!name.startsWith(SESSION_TOKEN_PREFIX)) return undefined;
  const rest = name.slice(SESSION_TOKEN_PREFIX.length);
  const space = rest.indexOf(' ');
  const time = space === -1 ? rest : rest.slice(0, space);
  const openedAt = new Date(time);
  if (Number.isNaN(openedAt.getTime())) return undefined;
  return { openedAt, owner: space === -1 ? '' : rest.slice(space + 1) };
}

export function sessionExpiresAt(session: SessionTokenName): Date {
  return new Date(session.openedAt.getTime() + SESSION_MAX_AGE_MS);
}

export function isSessionExpired(session: SessionTokenName, nowMs: number): boolean {
  return sessionExpiresAt(session).getTime() <= nowMs;
}
