import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { enrollTokens, type EnrollTokenRow } from '@runtime-hub/db';
import { DatabaseService } from '../persistence/database.service';
import { hashSecret } from './agent-credentials';

/** Random bytes in an enroll token's secret: 256 bits, as strong as the hash that stores it. */
export const ENROLL_TOKEN_SECRET_BYTES = 32;
/** Tokens start with this, so one pasted in the wrong place is recognizable (and greppable in leaks). */
export const ENROLL_TOKEN_PREFIX = 'rhe_';

export interface NewEnrollToken {
  readonly labels: readonly string[];
  readonly maxUses: number | null;
  readonly expiresInMs: number | null;
}

/**
 * The `enroll_tokens` table. The secret is returned once by `create` and stored as its
 * SHA-256; an enrollment consumes one use in a single conditional update, so two agents
 * racing for the last use cannot both have it.
 */
@Injectable()
export class EnrollTokensRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async create(token: NewEnrollToken): Promise<{ row: EnrollTokenRow; secret: string }> {
    const secret = `${ENROLL_TOKEN_PREFIX}${randomBytes(ENROLL_TOKEN_SECRET_BYTES).toString('base64url')}`;
    const [row] = await this.database.db
      .insert(enrollTokens)
      .values({
        id: randomUUID(),
        tokenHash: hashSecret(secret),
        labels: [...token.labels],
        maxUses: token.maxUses,
        expiresAt: token.expiresInMs === null ? null : sql`now() + make_interval(secs => ${token.expiresInMs / 1000})`,
      })
      .returning();
    return { row: row!, secret };
  }

  async list(): Promise<EnrollTokenRow[]> {
    return this.database.db.select().from(enrollTokens).orderBy(desc(enrollTokens.createdAt));
  }

  async findBySecret(secret: string): Promise<EnrollTokenRow | undefined> {
    const [row] = await this.database.db.select().from(enrollTokens).where(eq(enrollTokens.tokenHash, hashSecret(secret)));
    return row;
  }

  /** Takes one use of the token if it is usable now (database clock); undefined when it is not. */
  async consume(secret: string): Promise<EnrollTokenRow | undefined> {
    const [row] = await this.database.db
      .update(enrollTokens)
      .set({ uses: sql`${enrollTokens.uses} + 1` })
      .where(
        and(
          eq(enrollTokens.tokenHash, hashSecret(secret)),
          isNull(enrollTokens.revokedAt),
          or(isNull(enrollTokens.expiresAt), gt(enrollTokens.expiresAt, sql`now()`)),
          or(isNull(enrollTokens.maxUses), lt(enrollTokens.uses, enrollTokens.maxUses)),
        ),
      )
      .returning();
    return row;
  }

  /** Revokes (idempotent: a revoked token keeps its first revocation time). Undefined: no such token. */
  async revoke(id: string): Promise<EnrollTokenRow | undefined> {
    const [row] = await this.database.db
      .update(enrollTokens)
      .set({ revokedAt: sql`coalesce(${enrollTokens.revokedAt}, now())` })
      .where(eq(enrollTokens.id, id))
      .returning();
    return row;
  }
}
