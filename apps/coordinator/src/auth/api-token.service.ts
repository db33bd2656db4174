import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { and, arrayContains, asc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { apiTokens, type ApiTokenRow } from '@runtime-hub/db';
import { RoleSchema, lowerRole, roleRank, type Role } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { DatabaseService } from '../persistence/database.service';
import { runPrepared } from '../persistence/prepared-statements';
import { StatementBatches } from '../persistence/statement-batches';
import { ApiError } from '../openapi/api-error';
import { generateApiToken, hashApiToken } from './api-token';
import { tokenOrigin, type TokenCreator } from './token-lineage';
import { USABLE_TOKENS, type UsableToken } from './usable-tokens.statement';

/**
 * `last_used_at` is written at most this often per token: it answers "is this token still
 * in use?", which needs minutes, not a write on every request.
 */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/** A token as listed: never its value nor its hash. */
export interface ApiTokenInfo {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  /** Null: lives until revoked. */
  readonly expiresAt: string | null;
  /** The token this one was made with, when it is derived from it (see token-lineage.ts). */
  readonly parentId: string | null;
  /** The most this token may do (capped at use by its owner's role). */
  readonly role: Role;
  /** The person it acts for; null: a token of the deployment (RH_ADMIN_TOKEN, CI tokens). */
  readonly userId: string | null;
}

/** A token just created: the only time its value is shown. */
export interface CreatedApiToken extends ApiTokenInfo {
  readonly token: string;
}

/** The person a token acts for. */
export interface PrincipalUser {
  readonly id: string;
  readonly email: string;
}

/** Who made a request: the token it presented, its effective role and the person it acts for. */
export interface ApiPrincipal extends TokenCreator {
  readonly tokenId: string;
  readonly name: string;
  /** The token's role, capped by its owner's current role. */
  readonly role: Role;
  readonly user: PrincipalUser | null;
}

/** How a token is made: by whom (undefined: the coordinator itself) and until when. */
export interface CreateTokenOptions {
  readonly creator?: ApiPrincipal;
  /** The new token is a dashboard session ending then (derived from its creator whatever it is). */
  readonly session?: { readonly expiresAt: Date };
  readonly expiresAt?: Date;
  /** Default: the creator's role (admin for a token made by the coordinator). Never above the creator's. */
  readonly role?: Role;
  /** The person the token acts for (a password sign-in's session); default: the creator's. */
  readonly user?: PrincipalUser;
}

/** What `ensure` found: the token was added, was already there, or is there but revoked. */
export type EnsureTokenOutcome = 'created' | 'exists' | 'revoked';

/**
 * API tokens: created with a random value that is shown once, stored as a SHA-256 hash,
 * checked on every `/api` request, revoked (never deleted, so the list keeps who had
 * access). A token has a role (capped by its owner's); the dashboard's session reuses `authenticate`.
 * A token derived from another (token-lineage.ts) is refused once any ancestor is revoked or
 * expired, checked on every authentication, and revoking a token revokes its descendants.
 */
@Injectable()
export class ApiTokenService {
  private readonly revokeListeners = new Set<() => void>();
  /** Token checks that wait together, by the tokens' hashes: one statement for all of them. */
  private readonly checks: StatementBatches<string, UsableToken | undefined>;

  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(COORDINATOR_CONFIG) config: CoordinatorConfig,
  ) {
    this.checks = new StatementBatches((hashes) => this.usableTokens(hashes), config.auth.tokenChecksPerStatement);
  }

  async create(name: string, options: CreateTokenOptions = {}): Promise<CreatedApiToken> {
    const creatorRole: Role = options.creator?.role ?? 'admin';
    const role = options.role ?? creatorRole;
    if (roleRank(role) > roleRank(creatorRole)) {
      throw ApiError.forbidden(`body.role: "${role}" is above the role of the token making it ("${creatorRole}"): a token can never exceed its owner`);
    }
    const user = options.user ?? options.creator?.user ?? null;
    // A person's token is a root of its own: it ends when it expires, is revoked, or its owner
    // is disabled (every token of the user is revoked), not when the session that made it ends.
    const lineageCreator = user && !options.session ? undefined : options.creator;
    const origin = tokenOrigin(lineageCreator, { session: options.session, requestedExpiresAt: options.expiresAt, now: new Date() });
    if ('problem' in origin) {
      throw ApiError.badRequest(
        origin.problem === 'in-past'
          ? 'body.expiresAt: must be in the future'
          : `body.expiresAt: must not be later than ${origin.parentExpiresAt.toISOString()}, when the session or token creating it ends`,
      );
    }
    const token = generateApiToken();
    const [row] = await this.database.db
      .insert(apiTokens)
      .values({ id: randomUUID(), name, tokenHash: hashApiToken(token), expiresAt: origin.expiresAt, parentId: origin.parentId, lineage: [...origin.lineage], role, userId: user?.id ?? null })
      .returning();
    return { ...toInfo(row!), token };
  }

  /** Called after every revocation made by this process (open `/live` connections are checked again at once). */
  onRevoke(listener: () => void): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }

  /** Every token (or the tokens of one person), revoked ones included, oldest first. */
  async list(filter: { readonly userId?: string } = {}): Promise<ApiTokenInfo[]> {
    const rows = await this.database.db
      .select()
      .from(apiTokens)
      .where(filter.userId !== undefined ? eq(apiTokens.userId, filter.userId) : undefined)
      .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
    return rows.map(toInfo);
  }

  /** One token as listed; undefined for an unknown id. */
  async find(id: string): Promise<ApiTokenInfo | undefined> {
    const [row] = await this.database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    return row ? toInfo(row) : undefined;
  }

  /**
   * Revokes every token of a person (their sessions and personal tokens) and every token
   * derived from one of them, in one statement: disabling a user ends all their access at once.
   */
  async revokeAllOf(userId: string): Promise<number> {
    const revoked = await this.database.db
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          isNull(apiTokens.revokedAt),
          or(eq(apiTokens.userId, userId), sql`${apiTokens.lineage} && array(select id from api_tokens owned where owned.user_id = ${userId})`),
        ),
      )
      .returning({ id: apiTokens.id });
    if (revoked.length > 0) for (const listener of this.revokeListeners) listener();
    return revoked.length;
  }

  /**
   * Revokes a token and every token derived from it (sessions signed in with it or chained
   * from it, tokens they minted), in one statement. Idempotent: a revoked token keeps its
   * first revocation time.
   */
  async revoke(id: string): Promise<ApiTokenInfo> {
    const db = this.database.db;
    const revoked = await db
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(or(eq(apiTokens.id, id), arrayContains(apiTokens.lineage, [id])), isNull(apiTokens.revokedAt)))
      .returning();
    if (revoked.length > 0) for (const listener of this.revokeListeners) listener();
    const [existing] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
    if (!existing) throw ApiError.notFound(`API token "${id}" not found`);
    return toInfo(existing);
  }

  /**
   * The principal of a valid token (not revoked nor expired, and neither is any ancestor); undefined for anything else.
   * Read at every call, by a statement sent after the call: the checks that wait while one is out go in the next one together.
   */
  async authenticate(token: string): Promise<ApiPrincipal | undefined> {
    const row = await this.checks.submit(hashApiToken(token));
    if (!row) return undefined;
    const tokenRole = RoleSchema.parse(row.role);
    const role = row.userRole ? lowerRole(tokenRole, RoleSchema.parse(row.userRole)) : tokenRole;
    const user = row.userId && row.userEmail ? { id: row.userId, email: row.userEmail } : null;
    return { tokenId: row.id, name: row.name, expiresAt: row.expiresAt, lineage: row.lineage, role, user };
  }

  /**
   * The usable tokens among `hashes` (one answer per hash, undefined when none), in one
   * statement, and `last_used_at` of each one found written when it is stale.
   */
  private async usableTokens(hashes: readonly string[]): Promise<Array<UsableToken | undefined>> {
    const db = this.database.db;
    const rows = await runPrepared(db, USABLE_TOKENS, [[...new Set(hashes)]]);
    const staleBefore = new Date(Date.now() - LAST_USED_WRITE_INTERVAL_MS);
    for (const row of rows) {
      if (row.lastUsedAt && row.lastUsedAt > staleBefore) continue;
      await db
        .update(apiTokens)
        .set({ lastUsedAt: sql`now()` })
        .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore))));
    }
    const byHash = new Map(rows.map((row) => [row.tokenHash, row]));
    return hashes.map((hash) => byHash.get(hash));
  }

  /** Which of these token ids still authenticate (the periodic check of open `/live` connections). */
  async stillValid(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.database.db
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(and(inArray(apiTokens.id, [...ids]), usable()));
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Makes sure a token with this value exists (RH_ADMIN_TOKEN at every start). Idempotent and
   * safe when replicas start together: the hash is unique, so a concurrent insert is a no-op.
   * A revoked token stays revoked: revoking must not be undone by a restart.
   */
  async ensure(token: string, name: string): Promise<EnsureTokenOutcome> {
    const db = this.database.db;
    const inserted = await db
      .insert(apiTokens)
      .values({ id: randomUUID(), name, tokenHash: hashApiToken(token) })
      .onConflictDoNothing({ target: apiTokens.tokenHash })
      .returning({ id: apiTokens.id });
    if (inserted.length > 0) return 'created';
    const [existing] = await db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.tokenHash, hashApiToken(token)));
    return existing?.revokedAt ? 'revoked' : 'exists';
  }
}

/**
 * A token that may authenticate now: not revoked, not expired, and no ancestor revoked or
 * expired. Checked against the ancestors at every use (not only cascaded at revocation), so a
 * session opened while its parent was being revoked is refused too.
 */
function usable(): SQL {
  return sql`${apiTokens.revokedAt} is null
    and (${apiTokens.expiresAt} is null or ${apiTokens.expiresAt} > now())
    and not exists (
      select 1 from api_tokens ancestor
      where ancestor.id = any(${apiTokens.lineage})
        and (ancestor.revoked_at is not null or (ancestor.expires_at is not null and ancestor.expires_at <= now()))
    )
    and (${apiTokens.userId} is null or exists (select 1 from users owner where owner.id = ${apiTokens.userId} and not owner.disabled))`;
}

export function toInfo(row: ApiTokenRow): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    parentId: row.parentId,
    role: RoleSchema.parse(row.role),
    userId: row.userId,
  };
}
