/**
 * What replicas cache of rows every run reads (cluster/replica-caches.ts): a change made through
 * the API on one replica is seen by the next run on that replica at once, and on the other as
 * soon as the replica bus delivers its message — here well within a cache TTL set far longer
 * than the test, so the bus, not the TTL, is what the test sees.
 *
 *   replica-a ── PUT concurrency / PUT workflow / POST notification rule
 *       │ (bus: stale)
 *       ▼
 *   replica-b ── the next run started there: queued by the limit, runs the new version, notifies
 */
import type { RunSummary } from '@runtime-hub/protocol';
import { eventually } from '../e2e/e2e.harness';
import { ReplicaFleet, type Replica } from './replicas.harness';

jest.setTimeout(180_000);

/** Far longer than the test: an entry dropped during it was dropped by a message, not by its age. */
const CACHE_TTL_MS = 600_000;
/** The bus delivers within this on a loaded test host (it takes milliseconds). */
const BUS_DELIVERY_MS = 5_000;

/** One `set` node the coordinator decides: a run ends on the replica that started it, with no agent. */
function workflow(name: string, value: number): Record<string, unknown> {
  return { schemaVersion: 1, name, nodes: [{ id: 'only', type: 'set', config: { values: { value } } }], edges: [] };
}

describe('caches of replicas', () => {
  let fleet: ReplicaFleet;
  let a: Replica;
  let b: Replica;
  const previousTtl = process.env.RH_REPLICA_CACHE_TTL_MS;

  beforeAll(async () => {
    process.env.RH_REPLICA_CACHE_TTL_MS = String(CACHE_TTL_MS);
    fleet = await ReplicaFleet.boot(2);
    [a, b] = fleet.replicas as [Replica, Replica];
  });

  afterAll(async () => {
    if (previousTtl === undefined) delete process.env.RH_REPLICA_CACHE_TTL_MS;
    else process.env.RH_REPLICA_CACHE_TTL_MS = previousTtl;
    await fleet?.close();
  });

  async function save(name: string, value: number): Promise<string> {
    const saved = await a.api<{ id: string }>('POST', '/api/workflows', { definition: workflow(name, value) });
    expect(saved.status).toBe(201);
    return saved.body.id;
  }

  async function start(on: Replica, workflowId: string): Promise<RunSummary> {
    const response = await on.api<RunSummary>('POST', '/api/runs', { workflowId });
    expect(response.status).toBe(202);
    return response.body;
  }

  it('queues the next run under a limit set on another replica', async () => {
    // ARRANGE: both replicas have started a run (each holds "no limit"); a run row holds the one
    // slot (`pending`: it counts for admission, and no reconciler advances it)
    const workflowId = await save('cached-limit', 1);
    expect((await start(a, workflowId)).status).not.toBe('queued');
    expect((await start(b, workflowId)).status).not.toBe('queued');
    await fleet.sql(
      `insert into runs (id, workflow_id, workflow_version, workflow_name, status, trigger, inputs, started_at)
       values ('slot-holder', $1, 1, 'cached-limit', 'pending', 'api', '{}'::jsonb, null)`,
      [workflowId],
    );

    // ACT: the limit is set on replica a
    expect((await a.api('PUT', `/api/workflows/${workflowId}/concurrency`, { maxConcurrentRuns: 1 })).status).toBe(200);

    // ASSERT: a queues its next run at once; b as soon as the bus told it
    const onA = await start(a, workflowId);
    expect([onA.status, onA.waitingReason]).toEqual(['queued', 'workflow "cached-limit" runs 1 of 1 allowed at once']);
    const onB = await eventually(
      async () => {
        const run = await start(b, workflowId);
        return run.status === 'queued' ? run : undefined;
      },
      BUS_DELIVERY_MS,
      () => 'a run started on replica b to be queued',
    );
    expect(onB.waitingReason).toBe('workflow "cached-limit" runs 1 of 1 allowed at once');
  });

  it('runs the version saved on another replica', async () => {
    // ARRANGE: replica b has run version 1
    const workflowId = await save('cached-version', 1);
    expect((await start(b, workflowId)).workflowVersion).toBe(1);

    // ACT: version 2 is saved on replica a
    expect((await a.api('PUT', `/api/workflows/${workflowId}`, { definition: workflow('cached-version', 2) })).status).toBe(201);

    // ASSERT
    expect((await start(a, workflowId)).workflowVersion).toBe(2);
    await eventually(
      async () => ((await start(b, workflowId)).workflowVersion === 2 ? true : undefined),
      BUS_DELIVERY_MS,
      () => 'a run started on replica b to run version 2',
    );
  });

  it('notifies a rule created on another replica when a run ends there', async () => {
    // ARRANGE: a run of the workflow has ended on replica b (it read the workflow's rules: none)
    const workflowId = await save('cached-rules', 1);
    /** A run started on `on` and ended there: whether a delivery was written for it within a second. */
    const notifiedAfterEnd = async (on: Replica): Promise<boolean> => {
      const { id } = await start(on, workflowId);
      await eventually(async () => ((await fleet.sql('select 1 from runs where id = $1 and finished_at is not null', [id])).length > 0 ? true : undefined), BUS_DELIVERY_MS, () => `run ${id} to end`);
      const delivered = () => fleet.sql('select 1 from notification_deliveries where subject_id = $1', [id]);
      return eventually(async () => ((await delivered()).length > 0 ? true : undefined), 1_000, () => `a delivery for run ${id}`).catch(() => false);
    };
    expect(await notifiedAfterEnd(b)).toBe(false);

    // ACT: a rule on success is created on replica a
    const rule = await a.api('POST', '/api/notifications', { scope: 'workflow', scopeId: workflowId, onSuccess: true, webhookUrl: 'http://127.0.0.1:9/hook' });
    expect(rule.status).toBe(201);

    // ASSERT: a run ending on a is notified at once; one ending on b once the bus told it
    expect(await notifiedAfterEnd(a)).toBe(true);
    await eventually(async () => ((await notifiedAfterEnd(b)) ? true : undefined), BUS_DELIVERY_MS, () => 'a run ended on replica b to be notified');
  });
});
