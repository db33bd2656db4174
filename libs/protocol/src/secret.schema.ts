import { z } from 'zod';
import { IsoTimestampSchema } from './common.schema';
import { LabelSchema } from './workflow.schema';

/**
 * The secret store (`/api/secrets`): values a workflow reads as `{{ secrets.NAME }}`, encrypted
 * at rest, written but never read back through the API: a record carries the name, labels,
 * timestamps and writers, never the value.
 */

/** A letter or `_`, then letters, digits and `_`: the shape of an environment variable. */
export const SECRET_NAME_PATTERN_TEXT = '^[A-Za-z_][A-Za-z0-9_]{0,127}$';
export const SecretNameSchema = z
  .string()
  .regex(new RegExp(SECRET_NAME_PATTERN_TEXT), 'a secret name is a letter or _, then up to 127 letters, digits or _ (like DB_PASSWORD)');

/**
 * `PUT /api/secrets/<name>`: creates or replaces the value. `labels` (optional): only agents
 * holding every one of them receive it; absent on an update keeps the labels it had.
 * The value's size limit is the coordinator's (RH_SECRET_MAX_BYTES).
 */
export const PutSecretRequestSchema = z.strictObject({
  value: z.string().min(1, 'a secret value cannot be empty'),
  labels: z.array(LabelSchema).optional(),
});
export type PutSecretRequest = z.infer<typeof PutSecretRequestSchema>;

export const SecretRecordSchema = z.strictObject({
  name: z.string(),
  /** Empty: any agent may receive it. */
  labels: z.array(z.string()),
  /** The key it is encrypted under (not the key: the start of its SHA-256). */
  keyId: z.string(),
  createdAt: IsoTimestampSchema,
  updatedAt: IsoTimestampSchema,
  /** The name of the token (or session's token) that wrote it, when known. */
  createdBy: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type SecretRecord = z.infer<typeof SecretRecordSchema>;

export const SecretListSchema = z.strictObject({ items: z.array(SecretRecordSchema) });
export type SecretList = z.infer<typeof SecretListSchema>;

/** `POST /api/secrets/rotate-key`: every secret re-encrypted under the current key. */
export const SecretKeyRotationSchema = z.strictObject({
  keyId: z.string(),
  reencrypted: z.number().int().min(0),
  /** Key ids no stored secret uses any more: remove them from RH_SECRETS_PREVIOUS_KEYS / the key file. */
  retiredKeyIds: z.array(z.string()),
});
export type SecretKeyRotation = z.infer<typeof SecretKeyRotationSchema>;
