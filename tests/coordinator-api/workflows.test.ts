import { runs } from '@runtime-hub/db';
import { openDatabase } from '@runtime-hub/db';
import { bootTestCoordinator, type TestCoordinator } from './coordinator.harness';
import { edited, invalidWorkflow, nightlyReport } from './workflow.fixtures';

interface SaveResult {
  id: string;
  name: string;
  version: number;
  created: boolean;
}
interface ErrorBody {
  error: { code: string; message: string; problems?: unknown[]; details?: Record<string, unknown> };
}

describe('coordinator API: workflows', () => {
  let hub: TestCoordinator & { database: { url: string } };

  beforeAll(async () => {
    hub = await bootTestCoordinator();
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('creates, edits three times, diffs v1 with v3 and restores v1 as v4', async () => {
    /*
     * v1: collect ──► enough ──true──► publish
     * v2: the threshold default is 20
     * v3: + notify after publish:   collect ──► enough ──true──► publish ──► notify
     * v4: restore of v1
     */
    // ARRANGE
    const v1 = nightlyReport('report-history');
    const v2 = edited(v1, (d) => {
      d.inputs = { threshold: { type: 'number', default: 20 } };
    });
    const v3 = edited(v2, (d) => {
      d.nodes.push({ id: 'notify', type: 'set', config: { values: { sent: true } } });
      d.edges = [...(d.edges ?? []), { from: 'publish', to: 'notify' }];
    });

    // ACT
    const created = await hub.request<SaveResult>('POST', '/api/workflows', { body: { definition: v1, message: 'first cut' } });
    const id = created.body.id;
    const second = await hub.request<SaveResult>('PUT', `/api/workflows/${id}`, { body: { definition: v2, message: 'higher threshold' } });
    const third = await hub.request<SaveResult>('PUT', `/api/workflows/${id}`, { body: { definition: v3, message: 'notify' } });
    const unchanged = await hub.request<SaveResult>('PUT', `/api/workflows/${id}`, { body: { definition: v3 } });
    const diff = await hub.request<Record<string, unknown>>('GET', `/api/workflows/${id}/diff?from=1&to=3`);
    const restored = await hub.request<SaveResult>('POST', `/api/workflows/${id}/restore`, { body: { version: 1 } });
    const latest = await hub.request<{ version: number; latestVersion: number; definition: unknown; message: string }>('GET', `/api/workflows/${id}`);
    const history = await hub.request<{ items: Array<{ version: number; message: string | null; createdBy: string | null }> }>('GET', `/api/workflows/${id}/versions`);
    const version2 = await hub.request<{ version: number; definition: { inputs: unknown } }>('GET', `/api/workflows/${id}/versions/2`);

    // ASSERT
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name: 'report-history', version: 1, created: true });
    expect(second.status).toBe(201);
    expect(second.body.version).toBe(2);
    expect(third.body.version).toBe(3);
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toEqual({ id, name: 'report-history', version: 3, created: false });

    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({
      workflowId: id,
      from: 1,
      to: 3,
      identical: false,
      nodesAdded: [{ id: 'notify', type: 'set', config: { values: { sent: true } } }],
      nodesRemoved: [],
      nodesChanged: [],
      edgesAdded: [{ from: 'publish', to: 'notify' }],
      edgesRemoved: [],
      inputsChanged: [{ path: 'threshold.default', before: 10, after: 20 }],
    });

    expect(restored.status).toBe(201);
    expect(restored.body.version).toBe(4);
    expect(latest.body.version).toBe(4);
    expect(latest.body.latestVersion).toBe(4);
    expect(latest.body.message).toBe('restored from v1');
    expect(latest.body.definition).toMatchObject({ inputs: { threshold: { default: 10 } } });
    expect((latest.body.definition as { nodes: unknown[] }).nodes).toHaveLength(3);

    expect(history.body.items.map((item) => [item.version, item.message])).toEqual([
      [4, 'restored from v1'],
      [3, 'notify'],
      [2, 'higher threshold'],
      [1, 'first cut'],
    ]);
    expect(history.body.items[0]!.createdBy).toBe('admin (RH_ADMIN_TOKEN)');
    expect(version2.body.definition.inputs).toEqual({ threshold: { type: 'number', default: 20 } });
  });

  it('refuses an invalid definition with every problem and stores nothing', async () => {
    // ARRANGE
    const before = await hub.request<{ items: Array<{ name: string }> }>('GET', '/api/workflows');

    // ACT
    const response = await hub.request<ErrorBody>('POST', '/api/workflows', { body: { definition: invalidWorkflow() } });
    const after = await hub.request<{ items: Array<{ name: string }> }>('GET', '/api/workflows');

    // ASSERT
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.problems!.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(response.body.error.problems)).toContain('mystery');
    expect(JSON.stringify(response.body.error.problems)).toContain('nowhere');
    expect(response.body.error.message).toMatch(/mystery/);
    expect(after.body.items).toEqual(before.body.items);
    expect(after.body.items.map((item) => item.name)).not.toContain('broken');
  });

  it('refuses a body that is not a save request, naming the path', async () => {
    // ACT
    const missing = await hub.request<ErrorBody>('POST', '/api/workflows', { body: { message: 'no definition' } });
    const extra = await hub.request<ErrorBody>('POST', '/api/workflows', { body: { definition: nightlyReport('x'), colour: 'red' } });
    const malformed = await hub.request<ErrorBody>('POST', '/api/workflows', { rawBody: '{"definition": ' });

    // ASSERT
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('INVALID_REQUEST');
    expect(missing.body.error.message).toMatch(/body\.definition/);
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/colour/);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('BAD_REQUEST');
  });

  it('answers 404 naming the unknown workflow or version', async () => {
    // ARRANGE
    const { body } = await hub.request<SaveResult>('POST', '/api/workflows', { body: { definition: nightlyReport('report-404') } });

    // ACT
    const unknownId = await hub.request<ErrorBody>('GET', '/api/workflows/no-such-workflow');
    const unknownVersion = await hub.request<ErrorBody>('GET', `/api/workflows/${body.id}/versions/9`);
    const unknownPut = await hub.request<ErrorBody>('PUT', '/api/workflows/no-such-workflow', { body: { definition: nightlyReport('x') } });
    const unknownRestore = await hub.request<ErrorBody>('POST', `/api/workflows/${body.id}/restore`, { body: { version: 7 } });
    const unknownDiff = await hub.request<ErrorBody>('GET', `/api/workflows/${body.id}/diff?from=1&to=5`);
    const badQuery = await hub.request<ErrorBody>('GET', `/api/workflows/${body.id}/diff?from=first`);

    // ASSERT
    expect(unknownId.status).toBe(404);
    expect(unknownId.body.error).toEqual({ code: 'NOT_FOUND', message: 'workflow "no-such-workflow" not found' });
    expect(unknownVersion.status).toBe(404);
    expect(unknownVersion.body.error.message).toBe(`workflow "${body.id}" has no version 9 (its latest is 1)`);
    expect(unknownPut.status).toBe(404);
    expect(unknownRestore.status).toBe(404);
    expect(unknownRestore.body.error.message).toMatch(/no version 7/);
    expect(unknownDiff.status).toBe(404);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toMatch(/query\.from/);
  });

  it('refuses a second live workflow with the same name', async () => {
    // ARRANGE
    const first = await hub.request<SaveResult>('POST', '/api/workflows', { body: { definition: nightlyReport('report-unique') } });

    // ACT
    const again = await hub.request<ErrorBody>('POST', '/api/workflows', { body: { definition: nightlyReport('report-unique') } });

    // ASSERT
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect(again.body.error.message).toContain(first.body.id);
  });

  it('upserts by name: creates, then adds a version only when the definition changed', async () => {
    // ARRANGE
    const v1 = nightlyReport('report-upsert');
    const v2 = edited(v1, (d) => {
      d.description = 'now described';
    });

    // ACT
    const first = await hub.request<SaveResult>('POST', '/api/workflows/upsert-by-name', { body: { definition: v1 } });
    const same = await hub.request<SaveResult>('POST', '/api/workflows/upsert-by-name', { body: { definition: v1 } });
    const changed = await hub.request<SaveResult>('POST', '/api/workflows/upsert-by-name', { body: { definition: v2 } });

    // ASSERT
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ name: 'report-upsert', version: 1, created: true });
    expect(same.status).toBe(200);
    expect(same.body).toEqual({ ...first.body, created: false });
    expect(changed.status).toBe(201);
    expect(changed.body).toMatchObject({ id: first.body.id, version: 2, created: true });
  });

  it('numbers concurrent saves consecutively, never twice the same', async () => {
    // ARRANGE
    const concurrentSaves = 12;
    const { body } = await hub.request<SaveResult>('POST', '/api/workflows', { body: { definition: nightlyReport('report-race') } });
    const definitions = Array.from({ length: concurrentSaves }, (_, index) =>
      edited(nightlyReport('report-race'), (d) => {
        d.description = `edit ${index}`;
      }),
    );

    // ACT
    const saves = await Promise.all(definitions.map((definition) => hub.request<SaveResult>('PUT', `/api/workflows/${body.id}`, { body: { definition } })));
    const racedUpserts = await Promise.all(
      [1, 2, 3, 4].map(() => hub.request<SaveResult>('POST', '/api/workflows/upsert-by-name', { body: { definition: nightlyReport('report-race-upsert') } })),
    );

    // ASSERT
    expect(saves.map((save) => save.status)).toEqual(Array(concurrentSaves).fill(201));
    expect(saves.map((save) => save.body.version).sort((a, b) => a - b)).toEqual(Array.from({ length: concurrentSaves }, (_, index) => index + 2));
    expect(new Set(racedUpserts.map((upsert) => upsert.body.id)).size).toBe(1);
    expect(racedUpserts.filter((upsert) => upsert.body.created)).toHaveLength(1);
  });

  it('lists workflows with their latest version and last run', async () => {
    // ARRANGE
    const ran = await hub.request<SaveResult>('POST', '/api/workflows', { body: { definition: nightlyReport('report-list-ran') } });
    const idle = await hub.request<SaveResult>('POST', '/api/workflows', { body: { definition: nightlyReport('report-list-idle') } });
    const handle = await openDatabase({ url: hub.database.url, poolSize: 1 });
    try {
      const base = { workflowId: ran.body.id, workflowVersion: 1, workflowName: 'report-list-ran', trigger: 'api' as const, inputs: {} };
      await handle.db.insert(runs).values([
        { ...base, id: 'run-old', status: 'failed', createdAt: new Date('2025-01-01T00:00:00Z'), finishedAt: new Date('2025-01-01T00:01:00Z') },
        { ...base, id: 'run-new', status: 'succeeded', createdAt: new Date('2025-01-02T00:00:00Z'), finishedAt: new Date('2025-01-02T00:01:00Z') },
        { ...base, id: 'run-child', status: 'running', parentRunId: 'run-new', parentNodeId: 'collect', createdAt: new Date('2025-01-03T00:00:00Z') },
      ]);
    } finally {
      await handle.close();
    }

    // ACT
    const list = await hub.request<{ items: Array<{ id: string; name: string; latestVersion: number; lastRun: unknown }> }>('GET', '/api/workflows');

    // ASSERT
    expect(list.status).toBe(200);
    const byId = new Map(list.body.items.map((item) => [item.id, item]));
    expect(byId.get(ran.body.id)).toMatchObject({
      name: 'report-list-ran',
      latestVersion: 1,
      lastRun: { id: 'run-new', status: 'succeeded', version: 1, createdAt: '2025-01-02T00:00:00.000Z', finishedAt: '2025-01-02T00:01:00.000Z' },
    });
    expect(byId.get(idle.body.id)).toMatchObject({ name: 'report-list-idle', lastRun: null });
    const names = list.body.items.map((item) => item.name);
    expect(names).toEqual([...names].sort());
  });
});
