import { sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './timestamps';

/**
 * Secrets a workflow reads as `{{ secrets.NAME }}`. The value is stored only as AES-256-GCM
 * ciphertext (base64) with its 12-byte IV and 16-byte authentication tag (base64), under the key
 * `key_id` names (the first 16 hex digits of the key's SHA-256): during a key rotation rows under
 * the old and the new key coexist, and each is opened with the key its row names. The name is
 * bound to the ciphertext as additional authenticated data, so a ciphertext copied to another
 * row does not open. `allowed_labels` empty: any agent may receive the value; otherwise only an
 * agent holding every one of them. `created_by` / `updated_by`: the principal (token id) that
 * wrote it, when known.
 */
export const secrets = pgTable('secrets', {
  name: text('name').primaryKey(),
  ciphertext: text('ciphertext').notNull(),
  iv: text('iv').notNull(),
  authTag: text('auth_tag').notNull(),
  keyId: text('key_id').notNull(),
  allowedLabels: text('allowed_labels')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  createdBy: text('created_by'),
  updatedBy: text('updated_by'),
});
