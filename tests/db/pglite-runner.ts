/**
 * Runs the persistence scenarios on PGlite in its own process and prints the observations
 * as JSON: `node bin/run-ts.js tests/db/pglite-runner.ts <data-dir>`.
 *
 * PGlite loads its WebAssembly with dynamic `import()`, which jest's module sandbox refuses
 * without --experimental-vm-modules (electric-sql/pglite#224), so PGlite cannot run inside a
 * jest worker; pglite.test.ts runs this file instead and checks what it prints.
 */
import { IN_MEMORY_DATA_DIR, openDatabase, type DatabaseHandle } from '@runtime-hub/db';
import { conditionalUpdate, migrateTwice, runRoundTrip, type PgliteObservations } from './scenarios';

async function withDatabase<T>(dataDir: string, work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ dataDir });
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

async function main(): Promise<void> {
  const [dataDir] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: pglite-runner.ts <data-dir>');

  const fresh = await withDatabase(dataDir, async (handle) => ({
    kind: handle.kind,
    migrateTwice: await migrateTwice(handle),
    runRoundTrip: await runRoundTrip(handle.db),
    conditionalUpdate: await conditionalUpdate(handle.db),
  }));

  // The same directory again: what was written outlived the first handle, and migrating
  // an up-to-date database applies nothing.
  const reopened = await withDatabase(dataDir, async (handle) => {
    const migrated = await migrateTwice(handle);
    const stored = await handle.db.query.runs.findMany({ columns: { id: true } });
    return { migrateTwice: migrated, runIds: stored.map((run) => run.id).sort() };
  });

  // In memory (tests, benchmarks): nothing on disk, the same schema.
  const inMemory = await withDatabase(IN_MEMORY_DATA_DIR, async (handle) => ({ migrateTwice: await migrateTwice(handle) }));

  const observations: PgliteObservations = { ...fresh, reopened, inMemory };
  process.stdout.write(`${JSON.stringify(observations)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
