/**
 * Batches on a real coordinator, Postgres and Redis, with a fake agent the test drives:
 * a thousand items at concurrency 5, failures retried exactly, CSV items, pause, resume and
 * cancel, items on every host of a label.
 */
import type { BatchItemPage, BatchRecord, NodeTask } from '@runtime-hub/protocol';
import { bootEngine, failure, waitFor, type EngineHarness, type FakeAgent } from '../engine/engine.harness';
import { sql, storeWorkflow } from './schedules.harness';

/** A thousand runs through a real coordinator on a shared machine: bounded, far above what they take. */
const BATCH_WAIT_MS = 300_000;
jest.setTimeout(2 * BATCH_WAIT_MS);

async function startBatch(hub: EngineHarness, body: Record<string, unknown>): Promise<BatchRecord> {
  const response = await hub.request<BatchRecord>('POST', '/api/batches', { body });
  if (response.status !== 201) throw new Error(`batch: ${response.status} ${response.text}`);
  return response.body;
}

async function batch(hub: EngineHarness, id: string): Promise<BatchRecord> {
  return (await hub.request<BatchRecord>('GET', `/api/batches/${id}`)).body;
}

async function waitForBatch(hub: EngineHarness, id: string, check: (record: BatchRecord) => boolean, what: string): Promise<BatchRecord> {
  let last: BatchRecord | undefined;
  try {
    return await waitFor(async () => {
      last = await batch(hub, id);
      return check(last) ? last : undefined;
    }, what, BATCH_WAIT_MS);
  } catch (error) {
    const running = (await hub.request<BatchItemPage>('GET', `/api/batches/${id}/items?status=running`)).body.items;
    const runs = await Promise.all(running.map((item) => (item.runId ? hub.run(item.runId).catch((failure: unknown) => String(failure)) : 'no run')));
    throw new Error(`${(error as Error).message}; the batch was: ${JSON.stringify(last)}; its running items' runs: ${JSON.stringify(runs)}`);
  }
}

/** The most runs of the batch that were running at one instant, from their start and end times. */
async function mostAtOnce(hub: EngineHarness, batchId: string): Promise<number> {
  const rows = await sql<{ started_at: Date; finished_at: Date }>(hub, `select started_at, finished_at from runs where trigger_id = $1`, [batchId]);
  const edges = rows.flatMap((row) => [
    { at: row.started_at.getTime(), delta: 1 },
    { at: row.finished_at.getTime(), delta: -1 },
  ]);
  // An end and a start at the same instant: the end first.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let now = 0;
  let most = 0;
  for (const edge of edges) {
    now += edge.delta;
    most = Math.max(most, now);
  }
  return most;
}

describe('batches', () => {
  let hub: EngineHarness;
  let agent: FakeAgent;
  let workflowId: string;

  beforeAll(async () => {
    hub = await bootEngine();
    agent = await hub.agent('host-a', { labels: ['fleet'], concurrency: 20 });
    workflowId = await storeWorkflow(hub, 'per-item', {
      inputs: { n: { type: 'number', required: true }, label: { type: 'string', default: 'none' } },
      nodes: [{ id: 'work', type: 'set', config: { values: { n: '{{ inputs.n }}' } } }],
    });
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('1,000 items at concurrency 5: never more than 5 at once, finishes, and "retry failed" reruns exactly the failed items', async () => {
    // ARRANGE: items whose n ends in 07 fail (10 of 1,000); the agent answers each task as it comes
    let inFlight = 0;
    let mostInFlight = 0;
    let failing = (task: NodeTask) => Number(task.inputs.n) % 100 === 7;
    const answering = (async () => {
      for (;;) {
        const task = await agent.take('a batch task', BATCH_WAIT_MS).catch(() => undefined);
        if (!task) return;
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        // Answer on the next turn, so that what the coordinator sends meanwhile counts as in flight.
        setImmediate(() => {
          inFlight -= 1;
          void agent.report(task, failing(task) ? failure('NODE_FAILED', `item ${String(task.inputs.n)} failed`, false) : { output: {} });
        });
        if (task.inputs.label === 'last') return;
      }
    })();

    // ACT
    const items = Array.from({ length: 1_000 }, (_, n) => ({ n }));
    const started = await startBatch(hub, { workflowId, items, concurrency: 5, name: 'thousand' });
    expect(started).toMatchObject({ status: 'running', concurrency: 5, progress: { total: 1_000 } });
    const finished = await waitForBatch(hub, started.id, (record) => record.status === 'finished', 'the batch to finish');

    // ASSERT
    expect(finished.progress).toEqual({ total: 1_000, waiting: 0, running: 0, succeeded: 990, failed: 10, cancelled: 0 });
    expect(mostInFlight).toBeLessThanOrEqual(5);
    expect(await mostAtOnce(hub, started.id)).toBeLessThanOrEqual(5);
    expect(await mostAtOnce(hub, started.id)).toBeGreaterThan(1);
    const failed = (await hub.request<BatchItemPage>('GET', `/api/batches/${started.id}/items?status=failed&limit=100`)).body;
    expect(failed.total).toBe(10);
    expect(failed.items.map((item) => item.inputs.n)).toEqual([7, 107, 207, 307, 407, 507, 607, 707, 807, 907]);
    expect(failed.items[0]?.error?.message).toBe('item 7 failed');
    const firstRuns = new Map(failed.items.map((item) => [item.seq, item.runId]));

    // ACT: retry the failed items; this time they succeed
    failing = () => false;
    const retried = await hub.request<{ batch: BatchRecord; retried: number }>('POST', `/api/batches/${started.id}/retry`);
    expect(retried.body.retried).toBe(10);
    const again = await waitForBatch(hub, started.id, (record) => record.status === 'finished' && record.progress.succeeded === 1_000, 'the retried items to succeed');

    // ASSERT: exactly the ten ran again, each in a new run; nothing else ran twice
    expect(again.progress).toEqual({ total: 1_000, waiting: 0, running: 0, succeeded: 1_000, failed: 0, cancelled: 0 });
    const rows = await sql<{ seq: number; attempts: number; run_id: string }>(hub, `select seq, attempts, run_id from batch_items where batch_id = $1 and attempts > 1 order by seq`, [started.id]);
    expect(rows.map((row) => row.seq)).toEqual([...firstRuns.keys()]);
    for (const row of rows) expect(row.run_id).not.toBe(firstRuns.get(row.seq));
    const [runs] = await sql<{ count: number }>(hub, `select count(*)::int as count from runs where trigger_id = $1`, [started.id]);
    expect(runs!.count).toBe(1_010);
    await startBatch(hub, { workflowId, items: [{ n: 1, label: 'last' }] });
    await answering;
  });

  it('takes CSV, names a bad line, and runs each item on every host of a label', async () => {
    const bad = await hub.request<{ error: { code: string; message: string } }>('POST', '/api/batches', { body: { workflowId, csv: 'n,label\n1,a\nx,b\n' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'INVALID_INPUTS', message: 'invalid batch items: line 3.inputs.n: expected number, got string' });

    const second = await hub.agent('host-b', { labels: ['fleet'] });
    second.autoRun();
    agent.autoRun();
    const started = await startBatch(hub, { workflowId, csv: 'n,label\n1,alpha\n2,beta\n', hostsLabel: 'fleet', concurrency: 4 });
    expect(started.progress.total).toBe(4);
    const finished = await waitForBatch(hub, started.id, (record) => record.status === 'finished', 'the hosts batch to finish');
    expect(finished.progress.succeeded).toBe(4);
    const items = (await hub.request<BatchItemPage>('GET', `/api/batches/${started.id}/items`)).body.items;
    expect(items.map((item) => [item.index, item.inputs.label, item.agentId])).toEqual([
      [0, 'alpha', [agent.id, second.id].sort()[0]],
      [0, 'alpha', [agent.id, second.id].sort()[1]],
      [1, 'beta', [agent.id, second.id].sort()[0]],
      [1, 'beta', [agent.id, second.id].sort()[1]],
    ]);
    // Each run went to its item's host.
    for (const item of items) {
      const run = await hub.run(item.runId!);
      expect(run.nodes[0]?.agentId).toBe(item.agentId);
    }
    await agent.stopAutoRun();
    await second.close();
  });

  it('pause starts nothing more, resume goes on, cancel stops waiting items and running runs', async () => {
    const started = await startBatch(hub, { workflowId, items: Array.from({ length: 6 }, (_, n) => ({ n })), concurrency: 2 });
    const first = await agent.take('item 0');
    await agent.take('item 1');
    const paused = (await hub.request<BatchRecord>('POST', `/api/batches/${started.id}/pause`)).body;
    expect(paused).toMatchObject({ status: 'paused', waitingReason: 'the batch is paused', progress: { running: 2, waiting: 4 } });
    await agent.report(first, { output: {} });
    await waitForBatch(hub, started.id, (record) => record.progress.succeeded === 1, 'item 0 to settle');
    expect((await batch(hub, started.id)).progress).toMatchObject({ running: 1, waiting: 4 });
    expect(await agent.waitingTasks()).toEqual([]);

    await hub.request('POST', `/api/batches/${started.id}/resume`);
    const third = await agent.take('item 2 after the resume');
    expect(third.inputs.n).toBe(2);
    const cancelled = (await hub.request<BatchRecord>('POST', `/api/batches/${started.id}/cancel`)).body;
    expect(cancelled.status).toBe('cancelled');
    const settled = await waitForBatch(hub, started.id, (record) => record.progress.running === 0, 'the running items to be cancelled');
    expect(settled.progress).toMatchObject({ succeeded: 1, cancelled: 5, waiting: 0 });
    expect(await hub.run(third.runId)).toMatchObject({ status: 'cancelled', startedBy: `batch:${started.name}`, cancelledBy: `batch:${started.name}` });
    expect((await hub.request('POST', `/api/batches/${started.id}/resume`)).status).toBe(409);
  });
});
