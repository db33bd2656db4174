import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from '@runtime-hub/db';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { EXIT_FAILED, EXIT_OK, type CliIo, type Command } from '../command';
import { migrateSpec } from './migrate.help';
import { describeStartupError } from './coordinator.command';

/** Migrating is one session's work (it holds the migration lock); one connection is all it needs. */
const MIGRATE_POOL_SIZE = 1;

/** One entry of drizzle-kit's journal (db/migrations/meta/_journal.json). */
interface JournalEntry {
  readonly tag: string;
  /** Creation time of the migration; Drizzle records it as `created_at` once applied. */
  readonly when: number;
}

/**
 * `runtime-hub migrate`: applies the pending SQL migrations of db/migrations to the database
 * the coordinator would open with the same environment (DATABASE_URL, else the embedded
 * PGlite under RH_DATA_DIR), and prints which ones it applied. Safe to run beside a starting
 * coordinator: both take the same migration lock.
 */
export const migrateCommand: Command = {
  name: 'migrate',
  async run(args: string[], io: CliIo): Promise<number> {
    parseArgs({ args, options: migrateSpec.options });
    // The database a coordinator with this environment opens: DATABASE_URL, else PGlite in RH_DATA_DIR.
    const [{ databaseUrl: url, dataDir }, { lockDataDir }, db] = await Promise.all([cliConfig(), import('@runtime-hub/coordinator/data-dir-lock'), import('@runtime-hub/db')]);
    const pgliteDir = path.join(dataDir, db.PGLITE_DIR_NAME);

    let target: string;
    let handle: Awaited<ReturnType<typeof db.openDatabase>>;
    let lock: Awaited<ReturnType<typeof lockDataDir>> | undefined;
    try {
      target = url ? `Postgres at ${redactUrl(url)}` : `embedded PGlite in ${pgliteDir}`;
      // The embedded database is one process's: not opened while a coordinator runs on it.
      lock = url ? undefined : await lockDataDir(dataDir, 'runtime-hub migrate');
      handle = await db.openDatabase(url ? { url, poolSize: MIGRATE_POOL_SIZE } : { dataDir: pgliteDir });
    } catch (error) {
      await lock?.release();
      throw new CliError(describeStartupError(error), EXIT_FAILED, { cause: error });
    }
    try {
      const journal = await readJournal(db.MIGRATIONS_DIR);
      const before = await lastAppliedAt(handle.db);
      await db.migrate(handle);
      const after = await lastAppliedAt(handle.db);
      const applied = journal.filter((entry) => entry.when > (before ?? -Infinity) && entry.when <= (after ?? -Infinity));
      if (applied.length === 0) {
        io.out(`${target}: up to date (${journal.length} migration${journal.length === 1 ? '' : 's'}, none pending)`);
      } else {
        io.out(`${target}: applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:`);
        for (const entry of applied) io.out(`  ${entry.tag}`);
      }
      return EXIT_OK;
    } catch (error) {
      throw new CliError(`${target}: ${describeStartupError(error)}`, EXIT_FAILED, { cause: error });
    } finally {
      await handle.close();
      await lock?.release();
    }
  },
};

async function readJournal(migrationsDir: string): Promise<JournalEntry[]> {
  const journal = JSON.parse(await readFile(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

/** `created_at` of the newest applied migration, or undefined before the first migration. */
async function lastAppliedAt(database: Database): Promise<number | undefined> {
  const { sql } = await import('drizzle-orm');
  const [exists] = rowsOf<{ present: boolean }>(await database.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`));
  if (!exists?.present) return undefined;
  const [newest] = rowsOf<{ last: string | null }>(await database.execute(sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`));
  return newest?.last ? Number(newest.last) : undefined;
}

/** Both drivers answer `execute` with an object holding `rows` (pg QueryResult, PGlite Results). */
function rowsOf<Row>(result: unknown): Row[] {
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as Row[]) : [];
}

/** The URL without its password, for the one line this command prints. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
