import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Role } from '@runtime-hub/protocol';
import { ApiClient } from '../api-client';
import { cliConfig } from '../cli.config';
import { CliError } from '../cli-error';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { formatTable, formatTime } from '../table';
import { describeStartupError } from './coordinator.command';
import { usersSpec } from './users.help';

/** Creating a user is one insert; one connection is all it needs. */
const USERS_POOL_SIZE = 1;
/** A generated password: 18 random bytes, 24 characters of base64url (144 bits). */
const GENERATED_PASSWORD_BYTES = 18;
const ROLES: readonly Role[] = ['viewer', 'operator', 'editor', 'admin'];

interface UserRecord {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: string;
}

/**
 * `runtime-hub users create ...` writes a user straight into the database (the first admin
 * needs no token); `users`, `users set-role`, `users disable|enable` call the REST API.
 */
export const usersCommand: Command = {
  name: 'users',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: usersSpec.options });
    const [action, ...rest] = positionals;
    if (action === 'create' && rest.length === 0) return create(values, io);
    const client = new ApiClient(await cliConfig());
    const route = (id: string) => `/api/users/${encodeURIComponent(id)}`;
    const said = (user: UserRecord, what: string) => io.out(values.json ? JSON.stringify(user, null, 2) : `user ${user.email} (${user.id}) ${what}`);
    if (action === 'set-role' && rest.length === 2) {
      said(await client.patch<UserRecord>(route(rest[0]!), { role: parseRole(rest[1]!) }), `is now ${rest[1]}`);
      return EXIT_OK;
    }
    if ((action === 'disable' || action === 'enable') && rest.length === 1) {
      const user = await client.patch<UserRecord>(route(rest[0]!), { disabled: action === 'disable' });
      said(user, action === 'disable' ? 'disabled: every session and token of theirs is revoked' : 'enabled: they may sign in again');
      return EXIT_OK;
    }
    if (action !== undefined) throw new CliError(`unknown action "${action}" (usage: ${usersSpec.usage.join(' | ')})`, EXIT_INVALID);
    const { items } = await client.get<{ items: UserRecord[] }>('/api/users');
    if (values.json) {
      io.out(JSON.stringify(items, null, 2));
      return EXIT_OK;
    }
    const rows = items.map((user) => [user.email, user.name, user.role, user.disabled ? 'disabled' : 'active', user.id, formatTime(user.createdAt)]);
    for (const line of formatTable(['EMAIL', 'NAME', 'ROLE', 'STATE', 'ID', 'CREATED (UTC)'], rows)) io.out(line);
    return EXIT_OK;
  },
};

function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) throw new CliError(`role "${value}": expected one of ${ROLES.join(', ')}`, EXIT_INVALID);
  return value as Role;
}

async function create(values: { email?: string; name?: string; admin?: boolean; role?: string; 'password-stdin'?: boolean }, io: CliIo): Promise<number> {
  if (!values.email) throw new CliError('users create: --email is required', EXIT_INVALID);
  if (!values.name) throw new CliError('users create: --name is required', EXIT_INVALID);
  if (values.admin && values.role && values.role !== 'admin') throw new CliError('users create: --admin and --role disagree', EXIT_INVALID);
  if (!values.admin && !values.role) throw new CliError('users create: give --admin or --role ROLE', EXIT_INVALID);
  const role = values.admin ? 'admin' : parseRole(values.role!);
  const [{ databaseUrl: url, dataDir }, { lockDataDir }, db, store] = await Promise.all([
    cliConfig(),
    import('@runtime-hub/coordinator/data-dir-lock'),
    import('@runtime-hub/db'),
    import('@runtime-hub/coordinator/user-store'),
  ]);
  const email = store.EmailSchema.safeParse(values.email);
  if (!email.success) throw new CliError(`users create: --email "${values.email}" is not an email address`, EXIT_INVALID);
  const password = values['password-stdin'] ? await firstLineOfStdin() : randomBytes(GENERATED_PASSWORD_BYTES).toString('base64url');
  if (password.length < store.DEFAULT_PASSWORD_MIN_LENGTH) {
    throw new CliError(`users create: the password must be at least ${store.DEFAULT_PASSWORD_MIN_LENGTH} characters (it has ${password.length})`, EXIT_INVALID);
  }
  let handle: Awaited<ReturnType<typeof db.openDatabase>>;
  let lock: Awaited<ReturnType<typeof lockDataDir>> | undefined;
  try {
    lock = url ? undefined : await lockDataDir(dataDir, 'runtime-hub users create');
    handle = await db.openDatabase(url ? { url, poolSize: USERS_POOL_SIZE } : { dataDir: path.join(dataDir, db.PGLITE_DIR_NAME) });
  } catch (error) {
    await lock?.release();
    throw new CliError(describeStartupError(error), EXIT_FAILED, { cause: error });
  }
  try {
    await db.migrate(handle);
    const user = await store.insertUser(handle.db, { name: values.name, email: email.data, password, role });
    io.out(`user ${user.email} (${user.id}) created with the role ${user.role}`);
    if (!values['password-stdin']) io.out(`password (shown once): ${password}`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof store.EmailTakenError) throw new CliError(error.message, EXIT_FAILED);
    throw new CliError(describeStartupError(error), EXIT_FAILED, { cause: error });
  } finally {
    await handle.close();
    await lock?.release();
  }
}

async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}
