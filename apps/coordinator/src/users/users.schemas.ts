import { z } from 'zod';
import { RoleSchema, type Role } from '@runtime-hub/protocol';

/** Longest name and email: labels for people, not documents. */
export const USER_NAME_MAX_LENGTH = 200;
export const USER_EMAIL_MAX_LENGTH = 320;
/** Longer passwords are refused rather than hashed: scrypt's cost grows with the input. */
export const PASSWORD_MAX_LENGTH = 1024;

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(USER_EMAIL_MAX_LENGTH)
  .pipe(z.email({ message: 'not an email address' }));

export const CreateUserBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(USER_NAME_MAX_LENGTH),
  email: EmailSchema,
  /** Checked against RH_PASSWORD_MIN_LENGTH by the service. Omitted: the user cannot sign in with a password yet. */
  password: z.string().max(PASSWORD_MAX_LENGTH).optional(),
  role: RoleSchema,
});
export type CreateUserBody = z.infer<typeof CreateUserBodySchema>;

export const UpdateUserBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(USER_NAME_MAX_LENGTH).optional(),
    password: z.string().max(PASSWORD_MAX_LENGTH).optional(),
    role: RoleSchema.optional(),
    /** true: every session and token of the user is revoked at once. */
    disabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one of name, password, role, disabled' });
export type UpdateUserBody = z.infer<typeof UpdateUserBodySchema>;

export const UserIdSchema = z.string().min(1).max(128);

/** A user as the API shows them: never the password hash. */
export interface UserRecord {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: string;
}
