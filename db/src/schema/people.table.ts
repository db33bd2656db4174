import { boolean, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './timestamps';

/**
 * People who sign in to the dashboard (email and password) and own personal API tokens.
 * `role` is one of viewer, operator, editor, admin (libs/protocol access-policy.ts); a token a
 * user owns never acts above it. `password_hash` is a self-describing scrypt string
 * (`scrypt$N$r$p$salt$hash`, apps/coordinator/src/users/password-hash.ts); null: the user
 * cannot sign in with a password. Disabling a user revokes their sessions and tokens; rows
 * are kept, so the audit log and runs still name them.
 */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash'),
  role: text('role').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});
