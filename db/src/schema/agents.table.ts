import { sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import type { AgentKind, AgentOs, AgentStatus } from '@runtime-hub/protocol';
import { timestamptz } from './timestamps';

/**
 * Enrolled agents. An agent row is never deleted while runs refer to it: revoking sets
 * `revoked_at` and status `revoked`, and the agent's credential stops working.
 */
export const agents = pgTable('agents', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind').$type<AgentKind>().notNull(),
  os: text('os').$type<AgentOs>().notNull(),
  arch: text('arch').notNull(),
  hostname: text('hostname').notNull(),
  version: text('version').notNull(),
  /** What the agent runs with: the labels it declares merged with `token_labels`. */
  labels: text('labels').array().notNull().default(sql`'{}'::text[]`),
  /**
   * Labels granted by the enroll token the agent enrolled with. Kept apart so that each
   * registration merges them again with what the agent declares: the host cannot drop them.
   */
  tokenLabels: text('token_labels').array().notNull().default(sql`'{}'::text[]`),
  capabilities: text('capabilities').array().notNull().default(sql`'{}'::text[]`),
  concurrency: integer('concurrency').notNull(),
  status: text('status').$type<AgentStatus>().notNull(),
  /** Unused since agents authenticate with a key pair; kept so older rows stay readable. */
  credentialHash: text('credential_hash'),
  /**
   * The agent's Ed25519 public key (32 bytes, base64url), sent at enrollment. The agent signs
   * each handshake with the private half, which never leaves its host. Null: the agent enrolled
   * without a key and must enroll again to come back.
   */
  publicKey: text('public_key'),
  /** The enroll token it enrolled with (null: the shared development token). */
  enrollTokenId: text('enroll_token_id'),
  lastHeartbeatAt: timestamptz('last_heartbeat_at').notNull().defaultNow(),
  connectedAt: timestamptz('connected_at').notNull().defaultNow(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  revokedAt: timestamptz('revoked_at'),
});
