import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { WorkflowDefinitionInput } from '@runtime-hub/protocol';
import { bootTestCoordinator, type TestCoordinator } from './coordinator.harness';
import type { TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { CSRF, cookieRequest, createPerson, signIn, TEST_PASSWORD, type Person } from './roles.harness';
import { nightlyReport } from './workflow.fixtures';

jest.setTimeout(60_000);

interface AuditEntry {
  readonly id: number;
  readonly actorType: string;
  readonly actorName: string;
  readonly action: string;
  readonly target: string | null;
  readonly sourceAddress: string | null;
}
interface AuditPage {
  readonly items: AuditEntry[];
  readonly nextCursor: string | null;
}

/** Fails on the coordinator, with no agent: two items where one is allowed. */
const failing: WorkflowDefinitionInput = {
  schemaVersion: 1,
  name: 'fails',
  nodes: [{ id: 'many', type: 'foreach', config: { items: [1, 2], maxIterations: 1, workflow: { schemaVersion: 1, name: 'child', nodes: [{ id: 'wait', type: 'delay', config: { ms: 1 } }], edges: [] } } }],
  edges: [],
};
const waiting: WorkflowDefinitionInput = { schemaVersion: 1, name: 'waits', nodes: [{ id: 'wait', type: 'delay', config: { ms: 60_000 } }], edges: [] };

let hub: TestCoordinator & { database: TestDatabase };
let admin: Person;

beforeAll(async () => {
  // A secrets key, so that secret changes can be audited too.
  hub = await bootTestCoordinator({ RH_SECRETS_KEY: randomBytes(32).toString('base64') });
  admin = await createPerson(hub, 'admin', 'admin@example.test');
});

afterAll(async () => {
  await hub?.close();
});

async function waitForStatus(runId: string, status: string): Promise<void> {
  for (let tries = 0; tries < 100; tries += 1) {
    const run = await hub.request<{ status: string }>('GET', `/api/runs/${runId}`);
    if (run.body.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${runId} never became ${status}`);
}

describe('the audit log', () => {
  it('has one entry, with its actor, for each action of a scripted session', async () => {
    const as = (method: string, path: string, body?: unknown) => cookieRequest<{ id: string }>(hub, admin.cookie, method, path, body);
    // ACT: a person signs in (again), fails once, and does each audited thing.
    const failed = await fetch(`${hub.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...CSRF }, body: JSON.stringify({ email: admin.email, password: 'wrong password!!' }) });
    expect(failed.status).toBe(401);
    const cookie = await signIn(hub, admin.email, TEST_PASSWORD);
    const token = await as('POST', '/api/tokens', { name: 'audited' });
    expect((await as('DELETE', `/api/tokens/${token.body.id}`)).status).toBe(200);
    const enroll = await as('POST', '/api/enroll-tokens', { labels: ['linux'] });
    expect((await as('DELETE', `/api/enroll-tokens/${enroll.body.id}`)).status).toBe(200);
    const workflow = await as('POST', '/api/workflows', { definition: nightlyReport('audited') });
    expect((await as('PUT', `/api/workflows/${workflow.body.id}`, { definition: nightlyReport('audited') })).status).toBe(200);
    const schedule = await as('POST', '/api/schedules', { name: 'audited', workflowId: workflow.body.id, cron: '0 3 * * *' });
    expect(schedule.status).toBe(201);
    expect((await as('PATCH', `/api/schedules/${schedule.body.id}`, { cron: '0 4 * * *' })).status).toBe(200);
    expect((await as('DELETE', `/api/schedules/${schedule.body.id}`)).status).toBe(204);
    const run = await as('POST', '/api/runs', { definition: waiting });
    expect((await as('POST', `/api/runs/${run.body.id}/cancel`, {})).status).toBe(200);
    const failedRun = await as('POST', '/api/runs', { definition: failing });
    await waitForStatus(failedRun.body.id, 'failed');
    expect((await as('POST', `/api/runs/${failedRun.body.id}/retry`)).status).toBe(202);
    expect((await as('PUT', '/api/secrets/AUDITED', { value: 'not in the log' })).status).toBe(201);
    expect((await as('DELETE', '/api/secrets/AUDITED')).status).toBe(204);
    const user = await as('POST', '/api/users', { name: 'Someone', email: 'someone@example.test', role: 'viewer' });
    expect((await as('PATCH', `/api/users/${user.body.id}`, { role: 'operator' })).status).toBe(200);
    expect((await cookieRequest(hub, cookie, 'DELETE', '/api/session')).status).toBe(204);

    // ASSERT
    const page = await hub.request<AuditPage>('GET', `/api/audit?actor=${encodeURIComponent(admin.email)}&limit=500`);
    expect(page.status).toBe(200);
    const actions = page.body.items.map((entry) => `${entry.action} ${entry.target ?? ''}`.trim()).reverse();
    // createPerson signed in and made a personal token before the script began.
    expect(actions.slice(0, 2)).toEqual(['session.sign-in', expect.stringMatching(/^tokens\.create token:[\w-]+$/)]);
    expect(actions.slice(2)).toEqual([
      'session.sign-in-failed',
      'session.sign-in',
      `tokens.create token:${token.body.id}`,
      `tokens.revoke token:${token.body.id}`,
      `enroll-tokens.create enroll-token:${enroll.body.id}`,
      `enroll-tokens.revoke enroll-token:${enroll.body.id}`,
      `workflows.create workflow:${workflow.body.id}`,
      `workflows.update workflow:${workflow.body.id}`,
      `schedules.create schedule:${schedule.body.id}`,
      `schedules.update schedule:${schedule.body.id}`,
      `schedules.delete schedule:${schedule.body.id}`,
      `runs.start run:${run.body.id}`,
      `runs.cancel run:${run.body.id}`,
      `runs.start run:${failedRun.body.id}`,
      `runs.retry run:${failedRun.body.id}`,
      'secrets.put secret:AUDITED',
      'secrets.delete secret:AUDITED',
      `users.create user:${user.body.id}`,
      `users.update user:${user.body.id}`,
      'session.sign-out',
    ]);
    expect(page.body.items.every((entry) => entry.actorName === admin.email && entry.sourceAddress !== null)).toBe(true);
    expect(page.body.items.filter((entry) => entry.action !== 'session.sign-in-failed').every((entry) => entry.actorType === 'user')).toBe(true);
  });

  it('records a deployment token by name, and nothing for a refused agent revocation', async () => {
    const revoke = await hub.request('POST', '/api/agents/no-such-agent/revoke');
    expect(revoke.status).toBe(404);
    const page = await hub.request<AuditPage>('GET', '/api/audit?action=agents.revoke');
    // A refused action changes nothing, so it records nothing.
    expect(page.body.items).toEqual([]);
    await hub.request('POST', '/api/tokens', { body: { name: 'ci' } });
    const created = await hub.request<AuditPage>('GET', '/api/audit?action=tokens.create&limit=1');
    expect(created.body.items[0]).toMatchObject({ actorType: 'token', actorName: 'admin (RH_ADMIN_TOKEN)' });
  });

  it('pages with a cursor and filters by target and time', async () => {
    const first = await hub.request<AuditPage>('GET', '/api/audit?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await hub.request<AuditPage>('GET', `/api/audit?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0]!.id).toBeLessThan(first.body.items[1]!.id);
    const future = await hub.request<AuditPage>('GET', `/api/audit?since=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future.body.items).toEqual([]);
    expect((await hub.request('GET', '/api/audit?cursor=nope')).status).toBe(400);
    expect((await hub.request('GET', '/api/audit?since=yesterday')).status).toBe(400);
  });

  it('is for admins only, and no API changes or deletes an entry', async () => {
    const editor = await createPerson(hub, 'editor');
    expect((await hub.request('GET', '/api/audit', { token: editor.token })).status).toBe(403);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const path of ['/api/audit', '/api/audit/1']) expect([method, path, (await hub.request(method, path)).status]).toEqual([method, path, 404]);
    }
  });

  it('refuses UPDATE and DELETE in the database itself, except the retention pruning', async () => {
    const client = new Client({ connectionString: hub.database.url });
    await client.connect();
    try {
      await expect(client.query(`update audit_log set actor_name = 'someone else'`)).rejects.toThrow(/append-only/);
      await expect(client.query('delete from audit_log')).rejects.toThrow(/append-only/);
      await expect(client.query('truncate audit_log')).rejects.toThrow(/append-only/);
      const before = await client.query<{ count: string }>('select count(*) from audit_log');
      await client.query('begin');
      await client.query(`select set_config('runtime_hub.audit_prune', 'on', true)`);
      const pruned = await client.query(`delete from audit_log where at < now() + interval '1 day'`);
      await client.query('commit');
      expect(pruned.rowCount).toBe(Number(before.rows[0]!.count));
    } finally {
      await client.end();
    }
  });
});
