import type { CommandSpec } from '../command';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK } from '../command';
import { API_ENV, JSON_OPTION } from '../help/common.help';

export const usersSpec = {
  name: 'users',
  summary: 'create the people who sign in (the first admin, straight into the database), list them, change their role, disable them',
  usage: [
    'runtime-hub users create --email EMAIL --name NAME (--admin | --role ROLE) [--password-stdin]',
    'runtime-hub users [--json]',
    'runtime-hub users set-role ID ROLE',
    'runtime-hub users disable ID | enable ID',
  ],
  description:
    'create writes the user straight into the database (DATABASE_URL, else the embedded PGlite under RH_DATA_DIR, ' +
    'migrating it first), so the first admin can be made before any API token exists. The password is read from ' +
    'standard input with --password-stdin; without it a random one is generated and printed once. Roles: viewer, ' +
    'operator, editor, admin. The other actions call the REST API (an admin token): set-role changes what the ' +
    "user's sessions and tokens may do at their next request; disable ends every session and token of the user at once.",
  options: {
    email: { type: 'string', value: 'EMAIL', description: 'the email the user signs in with' },
    name: { type: 'string', value: 'NAME', description: 'how the user is shown' },
    admin: { type: 'boolean', description: 'same as --role admin' },
    role: { type: 'string', value: 'ROLE', description: 'viewer, operator, editor or admin' },
    'password-stdin': { type: 'boolean', description: 'read the password from standard input (first line)' },
    json: JSON_OPTION,
  },
  env: [
    ['DATABASE_URL', 'create: the Postgres to write to; when unset the embedded PGlite under RH_DATA_DIR'],
    ['RH_DATA_DIR', 'create: where the embedded database lives (default ./.runtime-hub)'],
    ...API_ENV,
  ],
  examples: [
    ['runtime-hub users create --admin --email ada@example.com --name "Ada L."', 'the first admin; prints a generated password once'],
    ['printf "%s" "$PW" | runtime-hub users create --role operator --email op@example.com --name Op --password-stdin', 'an operator with a chosen password'],
    ['runtime-hub users disable 3f1c...', 'end all of a user\'s sessions and tokens'],
  ],
  exitCodes: [
    [EXIT_OK, 'done'],
    [EXIT_FAILED, 'the database or coordinator refused or could not be reached (the email is taken, the token lacks the role, ...)'],
    [EXIT_INVALID, 'wrong arguments'],
  ],
} as const satisfies CommandSpec;
