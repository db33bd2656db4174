import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Database } from './database';
import { MigrationLockTimeoutError } from './errors/migration-lock-timeout.error';

export interface AdvisoryLockOptions {
  key: bigint;
  timeoutMs: number;
  pollMs: number;
}

/**
 * Runs `work` while holding a session-level Postgres advisory lock. `db` must be bound to
 * one connection (a checked-out pool client, or PGlite), since the lock belongs to the
 * session that took it. The lock is tried every `pollMs` rather than waited on, so a process
 * stuck behind a hung holder fails after `timeoutMs` with a clear error instead of hanging.
 * If the session dies, Postgres releases the lock itself.
 */
export async function withAdvisoryLock<T>(db: Database, options: AdvisoryLockOptions, work: () => Promise<T>): Promise<T> {
  const startedAt = Date.now();
  while (!(await tryLock(db, options.key))) {
    const waitedMs = Date.now() - startedAt;
    if (waitedMs >= options.timeoutMs) throw new MigrationLockTimeoutError(waitedMs);
    await sleep(options.pollMs);
  }
  let result: T;
  try {
    result = await work();
  } catch (error) {
    // The work's error is the one worth reporting; a failed unlock also ends in the caller
    // discarding the session, which releases the lock.
    await unlock(db, options.key).catch(() => undefined);
    throw error;
  }
  await unlock(db, options.key);
  return result;
}

async function unlock(db: Database, key: bigint): Promise<void> {
  await db.execute(sql`select pg_advisory_unlock(${key.toString()}::bigint)`);
}

async function tryLock(db: Database, key: bigint): Promise<boolean> {
  const result = await db.execute<{ locked: boolean }>(sql`select pg_try_advisory_lock(${key.toString()}::bigint) as locked`);
  return rowsOf<{ locked: boolean }>(result)[0]?.locked === true;
}

/** Both drivers answer `execute` with an object holding `rows` (pg QueryResult, PGlite Results). */
function rowsOf<Row>(result: unknown): Row[] {
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as Row[]) : [];
}
