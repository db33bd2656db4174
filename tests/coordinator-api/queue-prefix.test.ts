import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { PROCESS_TIMEOUT_MS, runCli, stop, waitForListening, type CliRun } from './cli.harness';
import { deleteQueuePrefixKeys, uniqueQueuePrefix } from './coordinator.harness';

/**
 * A queue prefix belongs to one deployment (one database): a coordinator of another database
 * on the same Redis and prefix is refused, naming both and RH_QUEUE_PREFIX; replicas (one
 * database) share it.
 */
/** Three coordinator processes started and stopped, one after another. */
const THREE_PROCESSES_TIMEOUT_MS = 3 * PROCESS_TIMEOUT_MS;

describe('queue prefix ownership', () => {
  const databases: TestDatabase[] = [];
  const running: CliRun[] = [];
  const prefix = uniqueQueuePrefix();

  afterAll(async () => {
    await Promise.all(running.map((run) => stop(run)));
    await Promise.all(databases.map((database) => database.drop()));
    await deleteQueuePrefixKeys(prefix);
  });

  const coordinatorOn = (database: TestDatabase): CliRun => {
    const run = runCli(['coordinator'], { DATABASE_URL: database.url, RH_QUEUE_PREFIX: prefix, RH_PORT: '0', RH_ADMIN_TOKEN: 'queue-prefix-admin-token-0123456789', RH_LOG_LEVEL: 'info' });
    running.push(run);
    return run;
  };

  it('refuses a second deployment on the same prefix and lets a replica of the first start', async () => {
    // ARRANGE: deployment A (database A) starts first and claims the prefix
    const databaseA = await createTestDatabase();
    const databaseB = await createTestDatabase();
    databases.push(databaseA, databaseB);
    const first = coordinatorOn(databaseA);
    const firstUrl = await waitForListening(first);

    // ACT: deployment B (database B) on the same Redis and prefix; then a replica of A
    const other = await coordinatorOn(databaseB).finished;
    const replica = coordinatorOn(databaseA);
    const replicaUrl = await waitForListening(replica);

    // ASSERT
    const [idA, idB] = await Promise.all([deploymentIdOf(databaseA), deploymentIdOf(databaseB)]);
    expect(idA).not.toBe(idB);
    expect(other.code).toBe(1);
    expect(other.stderr.trim().split('\n')).toHaveLength(1);
    expect(other.stderr).toContain(`queue prefix "${prefix}"`);
    expect(other.stderr).toContain(`belongs to deployment ${idA}`);
    expect(other.stderr).toContain(`this coordinator is deployment ${idB}`);
    expect(other.stderr).toContain('Set RH_QUEUE_PREFIX');
    expect(other.stderr).toContain(`${prefix}:owner`);
    expect((await fetch(`${firstUrl}/health`)).status).toBe(200);
    expect((await fetch(`${replicaUrl}/health`)).status).toBe(200);
    expect(replica.stdout()).toContain('the queue prefix belongs to this deployment');
  }, THREE_PROCESSES_TIMEOUT_MS);
});

async function deploymentIdOf(database: TestDatabase): Promise<string | undefined> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const result = await client.query<{ id: string }>('select id from deployment');
    return result.rows[0]?.id;
  } finally {
    await client.end();
  }
}
