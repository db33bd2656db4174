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
  labels: text('labels').array().notNull().default(sql`'{}'::text[]`),
  capabilities: text('capabilities').array().notNull().default(sql`'{}'::text[]`),
  concurrency: integer('concurrency').notNull(),
  status: text('status').$type<AgentStatus>().notNull(),
  /** Hash of the credential issued at enrollment; the credential itself is never stored. */
  credentialHash: text('credential_hash'),
  /** For agents that authenticate with a key pair instead of a credential. */
  publicKey: text('public_key'),
  lastHeartbeatAt: timestamptz('last_heartbeat_at').notNull().defaultNow(),
  connectedAt: timestamptz('connected_at').notNull().defaultNow(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  revokedAt: timestamptz('revoked_at'),
});
