import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { agentQueueName } from '@runtime-hub/protocol';
import { RunReconciler } from '../../apps/coordinator/src/runs/shell/run-reconciler';
import { bootEngine, setOutput, waitFor, workflow, type EngineHarness, type FakeAgent } from './engine.harness';

/** A refused delivery comes back this soon, so the test need not wait the default backoff. */
const ASSIGN_RETRY_DELAY_MS = 200;

describe('run engine: reconcile', () => {
  let hub: EngineHarness;
  let agent: FakeAgent;
  let redis: Redis;

  beforeAll(async () => {
    hub = await bootEngine({ RH_TASK_ASSIGN_RETRY_DELAY_MS: String(ASSIGN_RETRY_DELAY_MS) });
    agent = await hub.agent('host-rec');
    redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    redis?.disconnect();
    await hub?.close();
  });

  it('dispatches a queued task again, by the same job id, when its job went missing', async () => {
    // ARRANGE: the task is queued in Postgres, but its job is gone (as after a crash between
    // commit and dispatch). The agent refuses deliveries meanwhile, so the job stays in its queue.
    agent.refuseDeliveries(true);
    const started = await hub.startRun({ definition: workflow({ name: 'lost-job', nodes: [{ id: 'only', type: 'set', config: { values: { x: 1 } } }] }) });
    const queue = new Queue(agentQueueName(agent.id), { connection: redis, prefix: hub.queuePrefix });
    const job = await waitFor(async () => (await queue.getJobs(['delayed', 'waiting', 'prioritized']))[0], 'the refused task back in the queue');
    await job.remove();

    // ACT
    await hub.coordinator.app.get(RunReconciler).reconcile();
    agent.refuseDeliveries(false);
    const again = await agent.take('the re-dispatched task');
    await hub.waitForRun(started.id, (r) => r.nodes[0]?.status === 'running', 'the task to run');
    await hub.coordinator.app.get(RunReconciler).reconcile();
    const secondPass = await queue.getJobs(['waiting', 'prioritized']);
    await agent.report(again, setOutput(again));
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the run to succeed');
    await queue.close();

    // ASSERT
    expect(again).toEqual(job.data);
    expect(secondPass).toEqual([]);
    expect(run.nodes[0]).toMatchObject({ status: 'succeeded', attempt: 1, output: { x: 1 } });
  });

  it('leaves an accepted task alone: its job left the queue when the agent accepted it', async () => {
    // ARRANGE
    const started = await hub.startRun({ definition: workflow({ name: 'claimed', nodes: [{ id: 'only', type: 'set', config: { values: {} } }] }) });
    const task = await agent.take('the task');
    await hub.waitForRun(started.id, (r) => r.nodes[0]?.status === 'running', 'the task to run');

    // ACT
    await hub.coordinator.app.get(RunReconciler).reconcile();

    // ASSERT
    expect(await agent.waitingTasks()).toEqual([]);
    expect((await hub.run(started.id)).nodes[0]?.status).toBe('running');
    await agent.report(task, setOutput(task));
    await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the run to succeed');
  });
});
