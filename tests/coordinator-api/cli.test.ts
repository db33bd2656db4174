import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { PROCESS_TIMEOUT_MS, runCli, stop, waitForListening } from './cli.harness';

describe('runtime-hub coordinator and migrate (Postgres)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('migrate applies the migrations once, then reports the database up to date', async () => {
    // ACT
    const first = await runCli(['migrate'], { DATABASE_URL: database.url }).finished;
    const second = await runCli(['migrate'], { DATABASE_URL: database.url }).finished;

    // ASSERT
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Postgres at postgres:\/\/.*: applied \d+ migrations?:\n {2}0000_initial\n/);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/: up to date \(\d+ migrations?, none pending\)\n$/);
  }, PROCESS_TIMEOUT_MS);

  it('coordinator serves until SIGTERM, then closes and exits', async () => {
    // ARRANGE
    const run = runCli(['coordinator'], { DATABASE_URL: database.url, RH_PORT: '0', RH_ADMIN_TOKEN: 'cli-test-token-0123456789abcdefghij', RH_LOG_LEVEL: 'info' });
    const url = await waitForListening(run);

    // ACT
    const health = await fetch(`${url}/health`);
    const finished = await stop(run);

    // ASSERT
    expect(health.status).toBe(200);
    expect(finished).toMatchObject({ code: 0, signal: null });
    expect(finished.stderr).toBe('');
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  }, PROCESS_TIMEOUT_MS);

  it('coordinator exits 1 with one line when the configuration is wrong', async () => {
    const finished = await runCli(['coordinator'], { RH_PORT: 'eighty', RH_LOG_LEVEL: 'loud' }).finished;
    expect(finished.code).toBe(1);
    expect(finished.stderr.trim().split('\n')).toHaveLength(1);
    expect(finished.stderr).toMatch(/^runtime-hub coordinator: invalid configuration: .*RH_PORT.*RH_LOG_LEVEL/);
  }, PROCESS_TIMEOUT_MS);

  it('coordinator exits 1 with one line when Postgres does not answer', async () => {
    const env = { DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/nowhere', RH_PORT: '0', RH_LOG_LEVEL: 'silent' };
    const finished = await runCli(['coordinator'], env).finished;
    expect(finished.code).toBe(1);
    expect(finished.stderr.trim().split('\n')).toHaveLength(1);
    expect(finished.stderr).toMatch(/cannot connect to Postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere.*ECONNREFUSED/);
    expect(finished.stderr).not.toContain('secret');
  }, PROCESS_TIMEOUT_MS);

  it('migrate exits 1 with one line when Postgres does not answer', async () => {
    const finished = await runCli(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' }).finished;
    expect(finished.code).toBe(1);
    expect(finished.stderr.trim().split('\n')).toHaveLength(1);
    expect(finished.stderr).toMatch(/^runtime-hub migrate: cannot connect to Postgres/);
  }, PROCESS_TIMEOUT_MS);
});
