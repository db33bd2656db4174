import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { PROCESS_TIMEOUT_MS, runCli, stop, waitForListening } from './cli.harness';
import { CSRF } from './roles.harness';

jest.setTimeout(90_000);

describe('runtime-hub users and audit', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('creates the first admin straight into the database, who signs in; audit and users read back through the API', async () => {
    // ACT: the first admin, before any coordinator or token exists
    const created = await runCli(['users', 'create', '--admin', '--email', 'Ada@Example.test', '--name', 'Ada'], { DATABASE_URL: database.url }).finished;
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^user ada@example\.test \([\w-]+\) created with the role admin\npassword \(shown once\): [\w-]{24}\n$/);
    const password = /password \(shown once\): (\S+)/.exec(created.stdout)![1]!;
    const again = await runCli(['users', 'create', '--role', 'viewer', '--email', 'ada@example.test', '--name', 'Ada'], { DATABASE_URL: database.url }).finished;
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    const wrong = await runCli(['users', 'create', '--role', 'root', '--email', 'x@example.test', '--name', 'X'], { DATABASE_URL: database.url }).finished;
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('role "root"');
    const notEmail = await runCli(['users', 'create', '--role', 'viewer', '--email', 'nobody', '--name', 'X'], { DATABASE_URL: database.url }).finished;
    expect(notEmail.code).toBe(2);
    expect(notEmail.stderr).toContain('--email "nobody" is not an email address');

    const coordinator = runCli(['coordinator'], { DATABASE_URL: database.url, RH_PORT: '0', RH_ADMIN_TOKEN: 'cli-test-token-0123456789abcdefghij', RH_LOG_LEVEL: 'info' });
    try {
      const url = await waitForListening(coordinator);
      const signedIn = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...CSRF }, body: JSON.stringify({ email: 'ada@example.test', password }) });
      expect(signedIn.status).toBe(200);
      expect(await signedIn.json()).toMatchObject({ name: 'ada@example.test', role: 'admin', user: { email: 'ada@example.test' } });

      const env = { RH_URL: url, RH_TOKEN: 'cli-test-token-0123456789abcdefghij' };
      const audit = await runCli(['audit', '--action', 'session.sign-in'], env).finished;
      expect(audit.code).toBe(0);
      expect(audit.stdout).toMatch(/TIME \(UTC\)\s+ACTOR\s+ACTION\s+TARGET\s+FROM\n.*ada@example\.test \(user\)\s+session\.sign-in/);
      const users = await runCli(['users'], env).finished;
      expect(users.stdout).toMatch(/ada@example\.test\s+Ada\s+admin\s+active/);
    } finally {
      await stop(coordinator);
    }
  }, PROCESS_TIMEOUT_MS * 3);
});
