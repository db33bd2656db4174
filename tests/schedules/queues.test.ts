/**
 * Queues and limits on a real coordinator: a workflow's concurrency limit makes runs wait,
 * queued with their reason; priorities reorder the waiting runs (admission) and the tasks
 * waiting in an agent's queue (BullMQ priority), batches' priorities included.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { agentQueueName, type BatchRecord, type RunQueue, type RunSummary } from '@runtime-hub/protocol';
import { bootEngine, waitFor, type EngineHarness, type FakeAgent } from '../engine/engine.harness';
import { storeWorkflow } from './schedules.harness';

describe('queues and limits', () => {
  let hub: EngineHarness;
  let agent: FakeAgent;

  beforeAll(async () => {
    hub = await bootEngine();
    agent = await hub.agent('host-a', { concurrency: 1 });
  });

  afterAll(async () => {
    await hub?.close();
  });

  async function setLimit(workflowId: string, maxConcurrentRuns: number | null): Promise<void> {
    const response = await hub.request('PUT', `/api/workflows/${workflowId}/concurrency`, { body: { maxConcurrentRuns } });
    expect(response.status).toBe(200);
  }

  it('a concurrency limit queues runs over it with their reason; priority decides who goes next', async () => {
    const workflowId = await storeWorkflow(hub, 'limited', { inputs: { tag: { type: 'string', default: '' } } });
    await setLimit(workflowId, 1);

    // ARRANGE: one run holds the only slot; three wait with priorities 10, 90 and 50
    const first = await hub.startRun({ workflowId, inputs: { tag: 'first' } });
    expect(first.status).toBe('running');
    const held = await agent.take('the first run');
    const low = (await hub.request<RunSummary>('POST', '/api/runs', { body: { workflowId, inputs: { tag: 'low' }, priority: 10 } })).body;
    const high = (await hub.request<RunSummary>('POST', '/api/runs', { body: { workflowId, inputs: { tag: 'high' }, priority: 90 } })).body;
    const middle = (await hub.request<RunSummary>('POST', '/api/runs', { body: { workflowId, inputs: { tag: 'middle' }, priority: 50 } })).body;
    for (const run of [low, high, middle]) {
      expect(run).toMatchObject({ status: 'queued', waitingReason: 'workflow "limited" runs 1 of 1 allowed at once' });
    }
    const queue = (await hub.request<RunQueue>('GET', '/api/queue')).body;
    expect(queue.runs.map((run) => run.id)).toEqual([high.id, middle.id, low.id]);
    expect(queue.runs.every((run) => run.waitingReason !== null)).toBe(true);

    // ACT / ASSERT: as each run ends, the highest priority waiting one starts
    await agent.report(held, { output: {} });
    const order: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const task = await agent.take('the next admitted run');
      order.push(String(task.inputs.tag));
      const running = (await hub.request<{ items: RunSummary[] }>('GET', `/api/runs?workflowId=${workflowId}&status=running`)).body.items;
      expect(running).toHaveLength(1);
      await agent.report(task, { output: {} });
    }
    expect(order).toEqual(['high', 'middle', 'low']);

    // Raising the limit admits waiting runs at once.
    const a = await hub.startRun({ workflowId });
    const blocked = (await hub.request<RunSummary>('POST', '/api/runs', { body: { workflowId } })).body;
    expect(blocked.status).toBe('queued');
    await setLimit(workflowId, 2);
    await hub.waitForRun(blocked.id, (run) => run.status !== 'queued', 'the queued run to be admitted');
    await agent.report(await agent.take('run a'), { output: {} });
    await agent.report(await agent.take('the admitted run'), { output: {} });
    await hub.waitForRun(a.id, (run) => run.status === 'succeeded', 'run a');
    await setLimit(workflowId, null);
  });

  it("batches' priorities reorder their waiting runs", async () => {
    const workflowId = await storeWorkflow(hub, 'shared-by-batches', { inputs: { tag: { type: 'string', default: '' } } });
    await setLimit(workflowId, 1);
    const blocker = await hub.startRun({ workflowId, inputs: { tag: 'blocker' } });
    const held = await agent.take('the blocker');
    const start = async (name: string, priority: number) =>
      (await hub.request<BatchRecord>('POST', '/api/batches', { body: { workflowId, name, priority, concurrency: 3, items: [1, 2, 3].map((n) => ({ tag: `${name}-${n}` })) } })).body;
    const early = await start('early-low', 10);
    const late = await start('late-high', 90);
    await waitFor(async () => (await hub.request<RunQueue>('GET', '/api/queue')).body.runs.length === 6, 'six queued batch runs');

    await agent.report(held, { output: {} });
    await hub.waitForRun(blocker.id, (run) => run.status === 'succeeded', 'the blocker');
    const order: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const task = await agent.take('the next batch run');
      order.push(String(task.inputs.tag));
      await agent.report(task, { output: {} });
    }
    expect(order).toEqual(['late-high-1', 'late-high-2', 'late-high-3', 'early-low-1', 'early-low-2', 'early-low-3']);
    for (const batch of [early, late]) {
      await waitFor(async () => (await hub.request<BatchRecord>('GET', `/api/batches/${batch.id}`)).body.status === 'finished', `batch ${batch.name} to finish`);
    }
    await setLimit(workflowId, null);
  });

  it("tasks wait in an agent's queue by their run's priority (BullMQ priority), not by arrival", async () => {
    const workflowId = await storeWorkflow(hub, 'unlimited', { inputs: { tag: { type: 'string', default: '' } } });
    // The agent's one slot is taken; three runs' tasks wait in its queue.
    const busy = await hub.startRun({ workflowId, inputs: { tag: 'busy' } });
    const held = await agent.take('the busy run');
    for (const [tag, priority] of [['low', 10], ['high', 90], ['middle', 50]] as const) {
      const response = await hub.request<RunSummary>('POST', '/api/runs', { body: { workflowId, inputs: { tag }, priority } });
      expect(response.body.status).toBe('running');
    }
    const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const queue = new Queue(agentQueueName(agent.id), { connection: redis, prefix: hub.queuePrefix });
    try {
      const waiting = await waitFor(async () => {
        const jobs = await queue.getJobs(['prioritized']);
        return jobs.length === 3 ? jobs : undefined;
      }, 'three prioritized tasks in the agent queue');
      expect(Object.fromEntries(waiting.map((job) => [job.data.inputs.tag, job.opts.priority]))).toEqual({ low: 91, high: 11, middle: 51 });
    } finally {
      await queue.close();
      redis.disconnect();
    }

    await agent.report(held, { output: {} });
    await hub.waitForRun(busy.id, (run) => run.status === 'succeeded', 'the busy run');
    const order: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const task = await agent.take('the next task');
      order.push(String(task.inputs.tag));
      await agent.report(task, { output: {} });
    }
    expect(order).toEqual(['high', 'middle', 'low']);
  });
});
