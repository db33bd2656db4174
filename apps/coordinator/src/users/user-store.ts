import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { users, type Database, type UserRow } from '@runtime-hub/db';
import { RoleSchema, type Role } from '@runtime-hub/protocol';
import { hashPassword, verifyPassword } from './password-hash';
import type { UserRecord } from './users.schemas';

export { EmailSchema } from './users.schemas';
export { DEFAULT_PASSWORD_MIN_LENGTH } from '../config/defaults';

/**
 * The users table, with no framework: the coordinator's UsersService and the CLI's
 * `runtime-hub users create` (which writes to the database directly, to make the first admin
 * before any token exists) share it.
 */

export interface NewUser {
  readonly name: string;
  readonly email: string;
  readonly password?: string;
  readonly role: Role;
}

/** Why a user could not be created. */
export class EmailTakenError extends Error {
  override readonly name = 'EmailTakenError';
  constructor(readonly email: string) {
    super(`a user with the email "${email}" already exists`);
  }
}

/** A hash compared against when the email is unknown, so that the answer takes as long either way. */
let decoyHash: Promise<string> | undefined;

export async function insertUser(db: Database, user: NewUser): Promise<UserRecord> {
  const passwordHash = user.password !== undefined ? await hashPassword(user.password) : null;
  const [row] = await db
    .insert(users)
    .values({ id: randomUUID(), name: user.name, email: user.email.toLowerCase(), passwordHash, role: user.role })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (!row) throw new EmailTakenError(user.email);
  return toUserRecord(row);
}

export async function listUsers(db: Database): Promise<UserRecord[]> {
  const rows = await db.select().from(users).orderBy(asc(users.createdAt), asc(users.id));
  return rows.map(toUserRecord);
}

export async function findUser(db: Database, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row;
}

/** The enabled user with this email and password; undefined otherwise (unknown, disabled, wrong password, no password). */
export async function checkCredentials(db: Database, email: string, password: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  if (!row?.passwordHash) {
    await verifyPassword(password, await (decoyHash ??= hashPassword('decoy password of no user')));
    return undefined;
  }
  const matches = await verifyPassword(password, row.passwordHash);
  return matches && !row.disabled ? row : undefined;
}

export function toUserRecord(row: UserRow): UserRecord {
  return { id: row.id, name: row.name, email: row.email, role: RoleSchema.parse(row.role), disabled: row.disabled, createdAt: row.createdAt.toISOString() };
}
