import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { agentQueueName, idempotencyKey, taskJobId, type NodeTask } from '@runtime-hub/protocol';
import { MetricsService } from '../../apps/coordinator/src/metrics/metrics.service';
import { startAgentsHarness, TEST_REDIS_URL, waitFor, type AgentsHarness } from './agents.harness';

const task = (fields: Partial<NodeTask> = {}): NodeTask => {
  const base = { runId: 'run-1', nodeId: 'clean', agentId: 'agent-1', attempt: 1, ...fields };
  return {
    nodeType: 'shell',
    idempotencyKey: idempotencyKey(base.runId, base.nodeId),
    config: { shell: 'sh', script: 'true' },
    timeoutMs: 1_000,
    inputs: {},
    upstream: {},
    ...base,
  };
};

describe('BullMQ dispatch', () => {
  let harness: AgentsHarness;
  let connection: Redis;
  let queue: Queue;

  beforeAll(async () => {
    harness = await startAgentsHarness();
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(agentQueueName('agent-1'), { connection, prefix: harness.config.redis.queuePrefix });
  });

  afterAll(async () => {
    await queue?.close();
    connection?.disconnect();
    await harness?.close();
  });

  it('leaves one job when the same task is dispatched twice', async () => {
    await harness.dispatcher.dispatch(task());
    await harness.dispatcher.dispatch(task());

    const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(jobs.map((job) => ({ id: job.id, name: job.name, attempts: job.opts.attempts }))).toEqual([
      { id: taskJobId('run-1', 'clean', 'agent-1', 1), name: 'shell', attempts: 1 },
    ]);
    expect(jobs[0]!.data).toEqual(task());
  });

  it('gives each attempt its own job, delayed by the backoff', async () => {
    await harness.dispatcher.dispatch(task({ attempt: 2 }), { delayMs: 60_000 });

    expect(await queue.getJobState(taskJobId('run-1', 'clean', 'agent-1', 2))).toBe('delayed');
    expect(await harness.dispatcher.exists({ runId: 'run-1', nodeId: 'clean', agentId: 'agent-1', attempt: 2 })).toBe(true);
  });

  it('removes a job that has not started, once', async () => {
    const key = { runId: 'run-2', nodeId: 'clean', agentId: 'agent-1', attempt: 1 };
    await harness.dispatcher.dispatch(task(key));

    expect(await harness.dispatcher.remove(key)).toBe(true);
    expect(await harness.dispatcher.remove(key)).toBe(false);
    expect(await harness.dispatcher.exists(key)).toBe(false);
  });

  it('cannot take back a job its agent already runs', async () => {
    // ARRANGE: something holds the job active (as the task delivery does while the agent answers)
    const key = { runId: 'run-3', nodeId: 'clean', agentId: 'agent-2', attempt: 1 };
    let release: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    const workerConnection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const worker = new Worker(
      agentQueueName('agent-2'),
      async (job) => {
        started.push(job.id!);
        await running;
      },
      { connection: workerConnection, prefix: harness.config.redis.queuePrefix },
    );
    try {
      await harness.dispatcher.dispatch(task(key));
      await waitFor(() => started.length === 1, 'the worker to start the job');

      // ACT / ASSERT
      expect(await harness.dispatcher.remove(key)).toBe(false);
      expect(await harness.dispatcher.exists(key)).toBe(true);
    } finally {
      release();
      await worker.close();
      workerConnection.disconnect();
    }
    expect(await harness.dispatcher.exists(key)).toBe(false);
  });

  it('reports the depth of every agent queue it dispatched to', async () => {
    await harness.dispatcher.dispatch(task({ runId: 'run-4', agentId: 'agent-3' }));

    const { body } = await harness.app.get(MetricsService).render();

    expect(body).toContain(`rh_queue_depth{queue="${agentQueueName('agent-3')}"} 1`);
  });

  it('adds many tasks in one call, each once on the queue of its agent, and answers the ones it could not add', async () => {
    const fanOut = Array.from({ length: 5 }, (_, index) => task({ runId: 'run-5', nodeId: `cell_${index}`, agentId: index % 2 === 0 ? 'agent-5a' : 'agent-5b' }));
    const malformed = { ...task({ runId: 'run-5', nodeId: 'bad', agentId: 'agent-5a' }), idempotencyKey: 'wrong' };
    const retry = task({ runId: 'run-5', nodeId: 'later', agentId: 'agent-5b', attempt: 2 });
    const dispatches = [...fanOut, fanOut[0]!, malformed].map((each) => ({ task: each, delayMs: 0 }));

    const failed = await harness.dispatcher.dispatchMany([...dispatches, { task: retry, delayMs: 60_000 }]);

    expect(failed.map(({ dispatch, error }) => [dispatch.task.nodeId, String(error)])).toEqual([['bad', expect.stringMatching(/idempotencyKey/)]]);
    const jobsOf = async (agentId: string) => {
      const agentQueue = new Queue(agentQueueName(agentId), { connection, prefix: harness.config.redis.queuePrefix });
      try {
        const jobs = await agentQueue.getJobs(['waiting', 'prioritized', 'delayed']);
        return Promise.all(jobs.map(async (job) => [job.data.nodeId as string, await job.getState()]));
      } finally {
        await agentQueue.close();
      }
    };
    expect((await jobsOf('agent-5a')).sort()).toEqual([['cell_0', 'prioritized'], ['cell_2', 'prioritized'], ['cell_4', 'prioritized']]);
    expect((await jobsOf('agent-5b')).sort()).toEqual([['cell_1', 'prioritized'], ['cell_3', 'prioritized'], ['later', 'delayed']]);
  });

  it('refuses a malformed task before it reaches an agent', async () => {
    await expect(harness.dispatcher.dispatch({ ...task(), idempotencyKey: 'wrong' })).rejects.toThrow(/idempotencyKey/);
  });

  it('relies on BullMQ refusing ":" in custom job ids, which is why task job ids use "."', async () => {
    await expect(queue.add('shell', {}, { jobId: 'run-1:clean:agent-1:1' })).rejects.toThrow('Custom Id cannot contain :');
    expect(taskJobId('run-1', 'clean', 'agent-1', 1)).toBe('run-1.clean.agent-1.1');
  });
});
