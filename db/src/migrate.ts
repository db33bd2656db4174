import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import * as schema from './schema';
import type { DatabaseHandle } from './database';
import { withAdvisoryLock } from './advisory-lock';
import { MIGRATIONS_DIR, MIGRATION_LOCK_KEY, MIGRATION_LOCK_POLL_MS, MIGRATION_LOCK_TIMEOUT_MS } from './database-defaults';

export interface MigrateOptions {
  /** Default MIGRATIONS_DIR (db/migrations). */
  migrationsFolder?: string;
  /** How long to wait for another process's migration (default MIGRATION_LOCK_TIMEOUT_MS). */
  lockTimeoutMs?: number;
}

/**
 * Applies the pending migrations of db/migrations with Drizzle's migrator, which records
 * each applied migration in `drizzle.__drizzle_migrations` and applies the pending ones in
 * one transaction. Running it again applies nothing.
 *
 * Two processes may start at once: Drizzle's migrator alone would let both see the same
 * pending migrations (and race on `CREATE SCHEMA drizzle`), so the whole of it runs under a
 * Postgres advisory lock, on one dedicated connection. The second process waits, then finds
 * nothing left to apply.
 */
export async function migrate(handle: DatabaseHandle, options: MigrateOptions = {}): Promise<void> {
  const config = { migrationsFolder: options.migrationsFolder ?? MIGRATIONS_DIR };
  const lock = { key: MIGRATION_LOCK_KEY, timeoutMs: options.lockTimeoutMs ?? MIGRATION_LOCK_TIMEOUT_MS, pollMs: MIGRATION_LOCK_POLL_MS };

  if (handle.kind === 'pglite') {
    // PGlite is one session already: the lock is uncontended but keeps one code path.
    const db = drizzlePglite({ client: handle.client, schema });
    await withAdvisoryLock(db, lock, () => migratePglite(db, config));
    return;
  }

  const connection = await handle.pool.connect();
  let failure: unknown;
  try {
    const db = drizzlePg({ client: connection, schema });
    await withAdvisoryLock(db, lock, () => migratePg(db, config));
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    // After a failure the session may still hold the lock (or be broken): destroy it rather
    // than return it to the pool; ending the session releases the lock.
    connection.release(failure === undefined ? undefined : true);
  }
}
