/**
 * Compares the engine's prepared statements with the drizzle queries they replaced on PGlite,
 * in its own process (PGlite cannot start inside a jest worker: see pglite-runner.ts), and
 * prints the comparison as JSON: `node bin/run-ts.js tests/db/prepared-statements-runner.ts`.
 */
import { IN_MEMORY_DATA_DIR, openDatabase } from '@runtime-hub/db';
import { preparedAgainstDrizzle } from './prepared-statements.scenario';

async function main(): Promise<void> {
  const handle = await openDatabase({ dataDir: IN_MEMORY_DATA_DIR });
  try {
    process.stdout.write(`${JSON.stringify(await preparedAgainstDrizzle(handle))}\n`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
