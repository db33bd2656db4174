/**
 * Where a new API token comes from, and so how long it may live (pure).
 *
 * A root token (RH_ADMIN_TOKEN, the generated admin token, or one made with a root token) has no
 * lineage and lives until revoked. A derived token records the ids of every token it descends
 * from, root first, and is refused once any of them is revoked or expired:
 *
 *   admin (root) ── session A ── session B (signed in with A's cookie token)
 *                        └────── token M (minted by session A) ── token N (minted by M)
 *
 * Revoking `admin` ends A, B, M and N; signing out of A ends B, M and N. A session is always
 * derived from the token it was opened with; any token made by a derived one is derived too,
 * so a session cannot mint a credential that outlives it, directly or through a chain.
 */

/** What the creator of a token is, as far as lineage goes. */
export interface TokenCreator {
  readonly tokenId: string;
  readonly expiresAt: Date | null;
  readonly lineage: readonly string[];
}

export interface TokenOrigin {
  readonly parentId: string | null;
  readonly lineage: readonly string[];
  readonly expiresAt: Date | null;
}

/** Why a requested expiry cannot be granted. */
export type TokenOriginProblem = { readonly problem: 'after-parent'; readonly parentExpiresAt: Date } | { readonly problem: 'in-past' };

export function isDerived(creator: TokenCreator): boolean {
  return creator.lineage.length > 0 || creator.expiresAt !== null;
}

/**
 * The origin of a token made by `creator` (undefined: made by the coordinator itself, e.g. at
 * bootstrap). `session`: the new token is a dashboard session, derived whatever its creator is,
 * ending at `session.expiresAt` at the latest. `requestedExpiresAt`: what the caller asked for;
 * it may not be later than the creator's own expiry, nor in the past.
 */
export function tokenOrigin(
  creator: TokenCreator | undefined,
  options: { readonly session?: { readonly expiresAt: Date }; readonly requestedExpiresAt?: Date; readonly now: Date },
): TokenOrigin | TokenOriginProblem {
  const { requestedExpiresAt, session, now } = options;
  if (requestedExpiresAt && requestedExpiresAt.getTime() <= now.getTime()) return { problem: 'in-past' };
  const parentExpiresAt = creator?.expiresAt ?? null;
  if (requestedExpiresAt && parentExpiresAt && requestedExpiresAt.getTime() > parentExpiresAt.getTime()) {
    return { problem: 'after-parent', parentExpiresAt };
  }
  const derived = creator !== undefined && (session !== undefined || isDerived(creator));
  const expiresAt = earliest([requestedExpiresAt, session?.expiresAt, derived ? parentExpiresAt : undefined]);
  if (!derived) return { parentId: null, lineage: [], expiresAt };
  return { parentId: creator.tokenId, lineage: [...creator.lineage, creator.tokenId], expiresAt };
}

function earliest(dates: ReadonlyArray<Date | null | undefined>): Date | null {
  let found: Date | null = null;
  for (const date of dates) if (date && (!found || date.getTime() < found.getTime())) found = date;
  return found;
}
