import { sql } from 'drizzle-orm';
import { boolean, check, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './timestamps';

/**
 * The identity of the deployment this database belongs to: one row, made by the first
 * coordinator that starts on the database (insert on conflict do nothing, so replicas starting
 * together make one), so every replica on this database, and a restore of it, is the same
 * deployment. The coordinator claims its Redis queue prefix with this id.
 */
export const deployment = pgTable(
  'deployment',
  {
    /** Always true: the primary key that keeps the table to one row. */
    singleton: boolean('singleton').primaryKey().default(true),
    id: text('id').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (table) => [check('deployment_one_row', sql`${table.singleton}`)],
);
