import { desc } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './timestamps';

/**
 * The audit log: one row per state-changing action (sign-in, token changes, run start, ...).
 * Append-only: no API updates or deletes a row, and a trigger (migration
 * 0009_audit-append-only) refuses UPDATE and DELETE unless the transaction has set
 * `runtime_hub.audit_prune = 'on'`, which only the retention pruning does. `details` never
 * holds a secret value.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamptz('at').notNull().defaultNow(),
    /** user, token, agent or system. */
    actorType: text('actor_type').notNull(),
    /** The user's or token's id; null for the system. */
    actorId: text('actor_id'),
    /** Who, readable: a user's email, a token's name. */
    actorName: text('actor_name').notNull(),
    /** What was done: `runs.start`, `session.sign-in`, `tokens.revoke`, ... */
    action: text('action').notNull(),
    /** What it was done to: `run:<id>`, `workflow:<id>`, `user:<id>`, ... */
    target: text('target'),
    sourceAddress: text('source_address'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (table) => [
    index('audit_log_at_id_idx').on(desc(table.at), desc(table.id)),
    index('audit_log_actor_name_idx').on(table.actorName),
    index('audit_log_action_idx').on(table.action),
    index('audit_log_target_idx').on(table.target),
  ],
);
