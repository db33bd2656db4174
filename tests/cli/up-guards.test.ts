/**
 * `runtime-hub up`, `coordinator` and `migrate` refuse, before they touch anything, a data
 * folder another live process holds, and `up` and `coordinator` a port in use; a lock left by
 * a killed process is taken over. Each runs as users run it: a separate process, its exit code and its output.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { freeLoopbackPort } from '../../apps/cli/src/up/redis-probe';
import { PROCESS_TIMEOUT_MS, runCli, waitFor, type CliRun } from '../coordinator-api/cli.harness';
import { deleteQueuePrefixKeys, uniqueQueuePrefix } from '../coordinator-api/coordinator.harness';

/** Three `up` processes on the embedded database, one after another. */
const THREE_STARTS_TIMEOUT_MS = 3 * PROCESS_TIMEOUT_MS;
const UP_BANNER = 'Runtime Hub is up.';

/** One queue prefix for every `up` here: they share one embedded database, so one deployment. */
const prefix = uniqueQueuePrefix();
const up = (dataDir: string, port: number): CliRun =>
  runCli(['up', '--workers', '0'], { RH_DATA_DIR: dataDir, RH_PORT: String(port), RH_QUEUE_PREFIX: prefix, RH_LOG_LEVEL: 'info' });

async function waitForBanner(run: CliRun): Promise<void> {
  await waitFor(() => run.stdout().includes(UP_BANNER) || run.child.exitCode !== null, 'runtime-hub up to print its banner');
  if (!run.stdout().includes(UP_BANNER)) throw new Error(`runtime-hub up did not start:\n${(await run.finished).stderr}`);
}

describe('runtime-hub up: what must be its own', () => {
  let dataDir: string;
  const started: CliRun[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'rh-up-guards-'));
  });

  afterEach(async () => {
    for (const run of started.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
      await run.finished;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  afterAll(() => deleteQueuePrefixKeys(prefix));

  it('refuses a second start on a data folder in use, and takes over the lock of a killed one', async () => {
    // ARRANGE: a first `up` on the folder
    const [firstPort, secondPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
    const first = up(dataDir, firstPort);
    started.push(first);
    await waitForBanner(first);

    // ACT: a second `up` on the same folder (another port); then the first is killed and a third starts
    const second = await up(dataDir, secondPort).finished;
    const migrate = await runCli(['migrate'], { RH_DATA_DIR: dataDir }).finished;
    const firstStillServes = (await fetch(`http://127.0.0.1:${firstPort}/health`)).status;
    first.child.kill('SIGKILL');
    await first.finished;
    const staleLock = JSON.parse(await readFile(path.join(dataDir, 'runtime-hub.lock'), 'utf8')) as { pid: number };
    const third = up(dataDir, secondPort);
    started.push(third);
    await waitForBanner(third);

    // ASSERT
    expect(second.code).toBe(1);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toContain(`runtime-hub up: data folder ${dataDir} is in use by process ${first.child.pid} on ${os.hostname()} (runtime-hub up, since `);
    expect(second.stderr).toContain('set RH_DATA_DIR to another folder');
    expect(second.stderr).toContain(`delete ${path.join(dataDir, 'runtime-hub.lock')}`);
    // Refused before anything was opened: no build, no database, no log line.
    expect(second.stdout).toBe('');
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toContain(`runtime-hub migrate: data folder ${dataDir} is in use by process ${first.child.pid}`);
    expect(firstStillServes).toBe(200);
    expect(staleLock.pid).toBe(first.child.pid);
    expect((await fetch(`http://127.0.0.1:${secondPort}/health`)).status).toBe(200);
  }, THREE_STARTS_TIMEOUT_MS);

  it('reports a busy port naming RH_PORT before the data folder is opened', async () => {
    // ARRANGE: something else listens on the port
    const port = await freeLoopbackPort();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      // ACT
      const refused = await up(dataDir, port).finished;

      // ASSERT
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe(`runtime-hub up: port ${port} is in use (on 127.0.0.1): set RH_PORT to a free port, or stop what uses it (EADDRINUSE)`);
      expect(refused.stdout).toBe('');
      expect(await readdir(dataDir)).toEqual([]);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, PROCESS_TIMEOUT_MS);
});

describe('runtime-hub coordinator on a busy port', () => {
  it('stops before migrations run or agents are marked offline', async () => {
    // ARRANGE: an empty database and a port in use
    const database = await createTestDatabase();
    const port = await freeLoopbackPort();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      // ACT
      const refused = await runCli(['coordinator'], { DATABASE_URL: database.url, RH_PORT: String(port), RH_LOG_LEVEL: 'info' }).finished;

      // ASSERT: the message names RH_PORT; the database was never migrated
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`port ${port} is in use (on 127.0.0.1): set RH_PORT`);
      expect(refused.stdout).not.toContain('migrations applied');
      expect(await tablesIn(database.url)).toEqual([]);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
      await database.drop();
    }
  }, PROCESS_TIMEOUT_MS);
});

async function tablesIn(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ name: string }>("select table_schema || '.' || table_name as name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')");
    return result.rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}
