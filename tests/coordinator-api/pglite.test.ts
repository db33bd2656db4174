import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROCESS_TIMEOUT_MS, runCli, stop, waitForListening } from './cli.harness';
import { nightlyReport } from './workflow.fixtures';

/**
 * Without DATABASE_URL nor RH_ADMIN_TOKEN: the embedded PGlite under RH_DATA_DIR, a
 * generated admin token file and a generated secrets key file. Run as a child process: PGlite loads its WebAssembly with a
 * dynamic import(), which jest's module sandbox does not allow.
 */
/** Two migrations' and two coordinators' worth of starting and stopping. */
const FOUR_PROCESSES_TIMEOUT_MS = 4 * PROCESS_TIMEOUT_MS;

describe('runtime-hub on the embedded database (PGlite)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'rh-pglite-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const env = () => ({ RH_DATA_DIR: dataDir, RH_PORT: '0', RH_LOG_LEVEL: 'info' });
  const tokenFile = () => path.join(dataDir, 'admin-token');

  it('migrates, starts, writes an owner-only admin token file once, and keeps data across restarts', async () => {
    // ARRANGE
    const migrated = await runCli(['migrate'], { RH_DATA_DIR: dataDir }).finished;

    // ACT: first start
    const first = runCli(['coordinator'], env());
    const firstUrl = await waitForListening(first);
    const token = (await readFile(tokenFile(), 'utf8')).trim();
    const fileMode = (await stat(tokenFile())).mode & 0o777;
    const health = (await (await fetch(`${firstUrl}/health`)).json()) as { database: string };
    const created = await fetch(`${firstUrl}/api/workflows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ definition: nightlyReport() }),
    });
    const anonymous = await fetch(`${firstUrl}/api/workflows`);
    // a secret stores out of the box: the key file generated beside the admin token
    const secret = await fetch(`${firstUrl}/api/secrets/FIRST_RUN`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'first-run-value' }),
    });
    const keyFile = path.join(dataDir, 'secrets-key');
    const key = (await readFile(keyFile, 'utf8')).trim();
    const keyMode = (await stat(keyFile)).mode & 0o777;
    const firstLog = (await stop(first)).stdout;
    const fileAfterFirst = await stat(tokenFile());

    // ACT: second start on the same directory
    const second = runCli(['coordinator'], env());
    const secondUrl = await waitForListening(second);
    const listed = await fetch(`${secondUrl}/api/workflows`, { headers: { authorization: `Bearer ${token}` } });
    const names = ((await listed.json()) as { items: Array<{ name: string }> }).items.map((item) => item.name);
    const secrets = await fetch(`${secondUrl}/api/secrets`, { headers: { authorization: `Bearer ${token}` } });
    const secondLog = (await stop(second)).stdout;

    // ASSERT
    expect(migrated.code).toBe(0);
    // The database the coordinator then opens: RH_DATA_DIR/pglite.
    expect(migrated.stdout.startsWith(`embedded PGlite in ${path.join(dataDir, 'pglite')}: applied`)).toBe(true);
    expect(health.database).toBe('pglite');
    expect(token).toMatch(/^rh_/);
    if (process.platform !== 'win32') expect(fileMode).toBe(0o600);
    expect(created.status).toBe(201);
    expect(anonymous.status).toBe(401);
    expect(firstLog).toContain(tokenFile());
    expect(firstLog).not.toContain(token);
    expect(listed.status).toBe(200);
    expect(names).toEqual(['nightly-report']);
    expect((await stat(tokenFile())).mtimeMs).toBe(fileAfterFirst.mtimeMs);
    expect(secondLog).not.toContain('generated an admin token');
    // the secrets key: generated once, owner-only, never logged; the second start opens the secret's row
    expect(secret.status).toBe(201);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    if (process.platform !== 'win32') expect(keyMode).toBe(0o600);
    expect(firstLog).toContain(keyFile);
    expect(firstLog + secondLog).not.toContain(key);
    expect(secondLog).not.toContain('generated one for the embedded database');
    expect(((await secrets.json()) as { items: Array<{ name: string }> }).items.map((item) => item.name)).toEqual(['FIRST_RUN']);
  }, FOUR_PROCESSES_TIMEOUT_MS);
});
