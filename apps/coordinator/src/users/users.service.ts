import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import { users, type UserRow } from '@runtime-hub/db';
import { ApiTokenService } from '../auth/api-token.service';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { ApiError } from '../openapi/api-error';
import { DatabaseService } from '../persistence/database.service';
import { hashPassword } from './password-hash';
import { EmailTakenError, checkCredentials, findUser, findUserByEmail, insertUser, listUsers, toUserRecord, type NewUser } from './user-store';
import type { UpdateUserBody, UserRecord } from './users.schemas';
import type { Role } from '@runtime-hub/protocol';

/**
 * People: created and changed by admins, signing in with email and password. Disabling a
 * user revokes every session and token they own (and everything derived from them); a role
 * lowered takes effect on their tokens at the next request (a token's role is capped by its
 * owner's at every authentication).
 */
@Injectable()
export class UsersService {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(ApiTokenService) private readonly tokens: ApiTokenService,
  ) {}

  async create(user: NewUser): Promise<UserRecord> {
    if (user.password !== undefined) this.checkPassword(user.password);
    try {
      return await insertUser(this.database.db, user);
    } catch (error) {
      if (error instanceof EmailTakenError) throw ApiError.conflict(error.message);
      throw error;
    }
  }

  list(): Promise<UserRecord[]> {
    return listUsers(this.database.db);
  }

  async get(id: string): Promise<UserRecord> {
    return toUserRecord(await this.row(id));
  }

  async update(id: string, change: UpdateUserBody): Promise<UserRecord> {
    await this.row(id);
    if (change.password !== undefined) this.checkPassword(change.password);
    const [row] = await this.database.db
      .update(users)
      .set({
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(change.password !== undefined ? { passwordHash: await hashPassword(change.password) } : {}),
      })
      .where(eq(users.id, id))
      .returning();
    // Disabled, or a new password (someone else may know the old one): every session and token ends.
    if (change.disabled === true || change.password !== undefined) await this.tokens.revokeAllOf(id);
    return toUserRecord(row!);
  }

  /** The enabled user these credentials name; a 401 that does not say which part was wrong otherwise. */
  async signIn(email: string, password: string): Promise<UserRow> {
    const user = await checkCredentials(this.database.db, email, password);
    if (!user) throw ApiError.unauthorized('email or password is wrong, or the user is disabled');
    return user;
  }

  /**
   * The person an OpenID Connect issuer vouched for (its verified email): the user with that
   * email, made with `role` and no password when first seen. An existing user, password or
   * not, is the same person: the issuer verified they own the address. 'disabled' when that
   * user is disabled.
   */
  async signInWithIssuer(person: { readonly email: string; readonly name: string }, role: Role): Promise<{ readonly user: UserRow; readonly created: boolean } | 'disabled'> {
    const db = this.database.db;
    let user = await findUserByEmail(db, person.email);
    let created = false;
    if (!user) {
      try {
        await insertUser(db, { name: person.name, email: person.email, role });
        created = true;
      } catch (error) {
        // Made by a sign-in in flight at the same moment: read it back.
        if (!(error instanceof EmailTakenError)) throw error;
      }
      user = await findUserByEmail(db, person.email);
    }
    if (!user) throw new Error(`the user ${person.email} was neither found nor made`);
    return user.disabled ? 'disabled' : { user, created };
  }

  private checkPassword(password: string): void {
    const min = this.config.auth.passwordMinLength;
    if (password.length < min) throw ApiError.badRequest(`body.password: must be at least ${min} characters (RH_PASSWORD_MIN_LENGTH)`);
  }

  private async row(id: string): Promise<UserRow> {
    const row = await findUser(this.database.db, id);
    if (!row) throw ApiError.notFound(`user "${id}" not found`);
    return row;
  }
}
