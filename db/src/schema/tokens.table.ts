import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { users } from './people.table';
import { timestamptz } from './timestamps';

/**
 * Secrets are stored as hashes only: a token is shown once, when it is created, and
 * looked up by the hash of what a caller presents.
 */

/**
 * Tokens for the REST API, the CLI (`RH_TOKEN`) and dashboards. A token made by another
 * derived credential (a dashboard session, or a token a session minted) records where it came
 * from: `parent_id` is the token it was made with, `lineage` every ancestor's id, root first.
 * It is refused once any of them is revoked or expired, and never outlives its parent
 * (`expires_at`). Tokens made with a root token (no lineage, no expiry) are roots themselves.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastUsedAt: timestamptz('last_used_at'),
    revokedAt: timestamptz('revoked_at'),
    /** Null: never expires (root tokens). */
    expiresAt: timestamptz('expires_at'),
    parentId: text('parent_id'),
    lineage: text('lineage')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The person this token acts for (a session or a personal token); null: a token of the deployment. */
    userId: text('user_id').references(() => users.id),
    /**
     * viewer, operator, editor or admin; capped at use by the owner's role. Tokens that existed
     * before roles are admins (back-compatible).
     */
    role: text('role').notNull().default('admin'),
  },
  (table) => [index('api_tokens_user_id_idx').on(table.userId), index('api_tokens_lineage_idx').using('gin', table.lineage)],
);

/**
 * Tokens an agent presents once to enroll (`runtime-hub worker --enroll-token`). The labels
 * are given to every agent that enrolls with it; `uses` counts enrollments against `max_uses`.
 */
export const enrollTokens = pgTable('enroll_tokens', {
  id: text('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  labels: text('labels').array().notNull().default(sql`'{}'::text[]`),
  /** Null: unlimited until expiry or revocation. */
  maxUses: integer('max_uses'),
  uses: integer('uses').notNull().default(0),
  expiresAt: timestamptz('expires_at'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  revokedAt: timestamptz('revoked_at'),
});
