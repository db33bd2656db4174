import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandSpec } from '../command';

export const migrateSpec = {
  name: 'migrate',
  summary: 'apply pending database migrations (DATABASE_URL, else PGlite under RH_DATA_DIR)',
  usage: ['runtime-hub migrate'],
  description:
    'Applies the pending SQL migrations to the database a coordinator would open with the same environment and ' +
    'prints which ones it applied. Safe beside a starting coordinator: both take the same migration lock.',
  options: {},
  env: [
    ['DATABASE_URL', 'the Postgres to migrate; when unset the embedded PGlite under RH_DATA_DIR'],
    ['RH_DATA_DIR', 'where the embedded database lives (default ./.runtime-hub)'],
  ],
  examples: [['DATABASE_URL=postgres://hub@db/hub runtime-hub migrate', 'migrate a Postgres before starting coordinators']],
  exitCodes: [
    [EXIT_OK, 'the database is up to date'],
    [EXIT_FAILED, 'the database could not be reached or a migration failed'],
    [EXIT_INVALID, 'wrong arguments'],
  ],
} as const satisfies CommandSpec;
