/**
 * `runtime-hub up --replicas N` as users run it: a separate process, its exit code and its output.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import type { AgentRecord } from '@runtime-hub/protocol';
import { freeLoopbackPort } from '../../apps/cli/src/up/redis-probe';
import { PROCESS_TIMEOUT_MS, runCli, waitFor } from '../coordinator-api/cli.harness';
import { deleteQueuePrefixKeys, uniqueQueuePrefix } from '../coordinator-api/coordinator.harness';
import { ADMIN_TOKEN, eventually } from '../e2e/e2e.harness';

jest.setTimeout(4 * PROCESS_TIMEOUT_MS);

async function portFree(port: number): Promise<boolean> {
  const server = net.createServer();
  const free = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (free) await new Promise((resolve) => server.close(resolve));
  return free;
}

/** A free port whose next port is free too. */
async function twoFreePorts(): Promise<number> {
  for (;;) {
    const port = await freeLoopbackPort();
    if (await portFree(port + 1)) return port;
  }
}

describe('runtime-hub up --replicas', () => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  const prefix = uniqueQueuePrefix();

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'rh-up-replicas-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await database?.drop();
    database = undefined;
  });

  afterAll(() => deleteQueuePrefixKeys(prefix));

  it('refuses more than one replica on the embedded database, and a count out of range, before starting anything', async () => {
    const embedded = await runCli(['up', '--replicas', '2'], { RH_DATA_DIR: dataDir, RH_PORT: String(await freeLoopbackPort()) }).finished;
    const tooMany = await runCli(['up', '--replicas', '9'], { RH_DATA_DIR: dataDir }).finished;
    expect(embedded.code).toBe(2);
    expect(embedded.stderr).toContain('--replicas 2: replicas share one Postgres, and the embedded database (PGlite) belongs to one process: set DATABASE_URL');
    expect(embedded.stdout).toBe('');
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('--replicas 9: expected a whole number from 1 to 8');
  });

  it('starts two coordinators on consecutive ports as one deployment, with workers given both URLs, and stops them all', async () => {
    // ARRANGE
    database = await createTestDatabase();
    const port = await twoFreePorts();
    // ACT
    const run = runCli(['up', '--replicas', '2', '--workers', '2'], { RH_DATA_DIR: dataDir, RH_PORT: String(port), RH_QUEUE_PREFIX: prefix, DATABASE_URL: database.url, RH_ADMIN_TOKEN: ADMIN_TOKEN, RH_LOG_LEVEL: 'warn' });
    try {
      await waitFor(() => run.stdout().includes('Runtime Hub is up.') || run.child.exitCode !== null, 'runtime-hub up to print its banner');
      if (!run.stdout().includes('Runtime Hub is up.')) throw new Error(`runtime-hub up did not start:\n${(await run.finished).stderr}`);
      const health = await Promise.all([port, port + 1].map(async (p) => (await (await fetch(`http://127.0.0.1:${p}/health`)).json()) as { replica: string }));
      const agents = await eventually(
        async () => {
          const response = await fetch(`http://127.0.0.1:${port + 1}/api/agents`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
          const list = (await response.json()) as AgentRecord[];
          return list.filter((agent) => agent.status === 'online').length === 2 ? list : undefined;
        },
        PROCESS_TIMEOUT_MS,
        () => 'two local workers online, seen from the second replica',
      );
      // ASSERT
      expect(run.stdout()).toContain(`replicas      http://127.0.0.1:${port}, http://127.0.0.1:${port + 1}`);
      expect(health[0]!.replica).not.toBe(health[1]!.replica);
      expect(agents.map((agent) => agent.name).sort()).toEqual(['local-worker-1', 'local-worker-2']);
    } finally {
      run.child.kill('SIGTERM');
    }
    const finished = await run.finished;
    expect(finished.code).toBe(0);
    expect(await portFree(port)).toBe(true);
    expect(await portFree(port + 1)).toBe(true);
  });
});
