import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { apiTokens, type ApiTokenRow } from '@runtime-hub/db';
import { DatabaseService } from '../persistence/database.service';
import { ApiError } from '../openapi/api-error';
import { generateApiToken, hashApiToken } from './api-token';

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
}

/** A token just created: the only time its value is shown. */
export interface CreatedApiToken extends ApiTokenInfo {
  readonly token: string;
}

/** Who made a request: the token it presented. */
export interface ApiPrincipal {
  readonly tokenId: string;
  readonly name: string;
}

/** What `ensure` found: the token was added, was already there, or is there but revoked. */
export type EnsureTokenOutcome = 'created' | 'exists' | 'revoked';

/**
 * API tokens: created with a random value that is shown once, stored as a SHA-256 hash,
 * checked on every `/api` request, revoked (never deleted, so the list keeps who had
 * access). Every token has full access; the dashboard's session reuses `authenticate`.
 */
@Injectable()
export class ApiTokenService {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async create(name: string): Promise<CreatedApiToken> {
    const token = generateApiToken();
    const [row] = await this.database.db
      .insert(apiTokens)
      .values({ id: randomUUID(), name, tokenHash: hashApiToken(token) })
      .returning();
    return { ...toInfo(row!), token };
  }

  /** Every token, revoked ones included, oldest first. */
  async list(): Promise<ApiTokenInfo[]> {
    const rows = await this.database.db.select().from(apiTokens).orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
    return rows.map(toInfo);
  }

  /** Revokes a token (idempotent: a revoked token keeps its first revocation time). */
  async revoke(id: string): Promise<ApiTokenInfo> {
    const db = this.database.db;
    const [revoked] = await db
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning();
    if (revoked) return toInfo(revoked);
    const [existing] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
    if (!existing) throw ApiError.notFound(`API token "${id}" not found`);
    return toInfo(existing);
  }

  /** The principal of a valid, unrevoked token; undefined for anything else. */
  async authenticate(token: string): Promise<ApiPrincipal | undefined> {
    const db = this.database.db;
    const [row] = await db
      .select({ id: apiTokens.id, name: apiTokens.name, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, hashApiToken(token)), isNull(apiTokens.revokedAt)));
    if (!row) return undefined;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= LAST_USED_WRITE_INTERVAL_MS) {
      const staleBefore = new Date(Date.now() - LAST_USED_WRITE_INTERVAL_MS);
      await db
        .update(apiTokens)
        .set({ lastUsedAt: sql`now()` })
        .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore))));
    }
    return { tokenId: row.id, name: row.name };
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

export function toInfo(row: ApiTokenRow): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
