import { sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './timestamps';

/**
 * Secrets are stored as hashes only: a token is shown once, when it is created, and
 * looked up by the hash of what a caller presents.
 */

/** Tokens for the REST API, the CLI (`RH_TOKEN`) and dashboards. */
export const apiTokens = pgTable('api_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  lastUsedAt: timestamptz('last_used_at'),
  revokedAt: timestamptz('revoked_at'),
});

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
