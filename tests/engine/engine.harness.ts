import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import {
  AGENTS_NAMESPACE,
  RESULTS_QUEUE,
  agentQueueName,
  taskJobId,
  type NodeResult,
  type NodeTask,
  type RegisterAck,
  type RunError,
  type RunRecord,
  type TaskClaimAck,
  type WorkflowDefinitionInput,
} from '@runtime-hub/protocol';
import { bootTestCoordinator, type TestCoordinator } from '../coordinator-api/coordinator.harness';
import type { TestDatabase } from '@runtime-hub/db';

/**
 * The whole coordinator (startCoordinator) on its own database and BullMQ prefix, with fake
 * agents that do what a worker agent does on the wire: enroll over `/agents`, take jobs from
 * their own BullMQ queue, claim them (`task:claim`) and put results on the results queue.
 * Tests decide what each task returns, and when.
 */

export const TEST_ENROLL_TOKEN = 'engine-enroll-token';

/**
 * A test of the engine waits for queues, backoffs and child runs; its own waits (WAIT_TIMEOUT_MS)
 * should fail first, with a message saying what did not happen.
 */
export const ENGINE_TEST_TIMEOUT_MS = 60_000;
jest.setTimeout(ENGINE_TEST_TIMEOUT_MS);

/** Longest a test waits for the engine to get somewhere. */
export const WAIT_TIMEOUT_MS = 10_000;
const WAIT_POLL_MS = 25;

export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = WAIT_TIMEOUT_MS): Promise<Exclude<T, undefined | false | null>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false && value !== null) return value as Exclude<T, undefined | false | null>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
  }
}

export interface EngineHarness extends TestCoordinator {
  readonly database: TestDatabase;
  readonly queuePrefix: string;
  agent(name: string, options?: { labels?: string[]; capabilities?: string[] }): Promise<FakeAgent>;
  startRun(body: Record<string, unknown>): Promise<{ id: string; status: string }>;
  run(runId: string): Promise<RunRecord>;
  /** Waits until the run (or `check` on it) says so. */
  waitForRun(runId: string, check: (run: RunRecord) => boolean, what: string): Promise<RunRecord>;
}

export async function bootEngine(env: Record<string, string> = {}): Promise<EngineHarness> {
  const queuePrefix = `rh-test-${Math.random().toString(16).slice(2, 14)}`;
  const hub = await bootTestCoordinator({ RH_ENROLL_TOKEN: TEST_ENROLL_TOKEN, RH_QUEUE_PREFIX: queuePrefix, ...env });
  const agents: FakeAgent[] = [];
  const harness: EngineHarness = {
    ...hub,
    queuePrefix,
    async agent(name, options = {}) {
      const agent = await FakeAgent.enroll(hub.url, queuePrefix, name, options);
      agents.push(agent);
      return agent;
    },
    async startRun(body) {
      const response = await hub.request<{ id: string; status: string }>('POST', '/api/runs', { body });
      if (response.status !== 202) throw new Error(`start refused (${response.status}): ${response.text}`);
      return response.body;
    },
    async run(runId) {
      const response = await hub.request<RunRecord>('GET', `/api/runs/${runId}`);
      if (response.status !== 200) throw new Error(`GET run ${runId}: ${response.status} ${response.text}`);
      return response.body;
    },
    async waitForRun(runId, check, what) {
      let last: RunRecord | undefined;
      try {
        return await waitFor(async () => {
          last = await harness.run(runId);
          return check(last) ? last : undefined;
        }, what);
      } catch (error) {
        throw new Error(`${(error as Error).message}; the run was: ${JSON.stringify(last, null, 1)}`);
      }
    },
    async close() {
      for (const agent of agents) await agent.close();
      try {
        await hub.close();
      } finally {
        await deleteKeys(queuePrefix);
      }
    },
  };
  return harness;
}

/** What an auto-running agent answers for a task: an output (and port) or a failure. */
export type TaskAnswer = { output: unknown; port?: string } | { error: RunError };

/** A worker agent on the wire, driven by the test. */
export class FakeAgent {
  private readonly redis: Redis;
  private readonly queue: Queue;
  private readonly results: Queue;
  private auto: ((task: NodeTask) => TaskAnswer) | undefined;
  private autoLoop: Promise<void> | undefined;
  private closed = false;

  private constructor(
    readonly id: string,
    readonly name: string,
    readonly socket: Socket,
    queuePrefix: string,
  ) {
    this.redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    this.queue = new Queue(agentQueueName(id), { connection: this.redis, prefix: queuePrefix });
    this.results = new Queue(RESULTS_QUEUE, { connection: this.redis, prefix: queuePrefix });
  }

  static async enroll(url: string, queuePrefix: string, name: string, options: { labels?: string[]; capabilities?: string[] }): Promise<FakeAgent> {
    const socket = io(`${url}${AGENTS_NAMESPACE}`, { auth: { enrollToken: TEST_ENROLL_TOKEN }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const ack = (await socket.timeout(WAIT_TIMEOUT_MS).emitWithAck('agent:register', {
      name,
      kind: 'worker',
      os: 'linux',
      arch: 'x64',
      version: '0.1.0',
      labels: options.labels ?? [],
      capabilities: options.capabilities ?? [],
      concurrency: 4,
      hostname: `${name}.local`,
    })) as RegisterAck;
    if (!ack.ok) throw new Error(`registration refused: ${ack.error.message}`);
    return new FakeAgent(ack.agentId, name, socket, queuePrefix);
  }

  /** Tasks waiting in this agent's queue right now (not delayed ones). */
  async waitingTasks(): Promise<NodeTask[]> {
    return (await this.queue.getWaiting()).map((job: Job<NodeTask>) => job.data);
  }

  async delayedJobs(): Promise<Array<Job<NodeTask>>> {
    return this.queue.getDelayed();
  }

  /** Takes the next task off the queue (as a worker picking a job), waiting for one. */
  async take(what = `a task for ${this.name}`, timeoutMs = WAIT_TIMEOUT_MS): Promise<NodeTask> {
    const job = await waitFor(
      async () => {
        await this.promoteDue();
        return (await this.queue.getWaiting())[0];
      },
      what,
      timeoutMs,
    );
    await job.remove();
    return job.data as NodeTask;
  }

  /**
   * Delayed jobs (a retry's backoff) whose time has come become waiting. A BullMQ Worker does
   * this for a real agent; the fake one has no Worker, so it does it itself.
   */
  private async promoteDue(): Promise<void> {
    const now = Date.now();
    for (const job of await this.queue.getDelayed()) {
      if (job.timestamp + (job.opts.delay ?? 0) <= now) await job.promote().catch(() => undefined);
    }
  }

  claim(task: Pick<NodeTask, 'runId' | 'nodeId' | 'attempt'>): Promise<TaskClaimAck> {
    return this.socket.timeout(WAIT_TIMEOUT_MS).emitWithAck('task:claim', { runId: task.runId, nodeId: task.nodeId, attempt: task.attempt }) as Promise<TaskClaimAck>;
  }

  /** Puts a result on the results queue, as a worker does (job id: the task's, unless told). */
  async report(task: NodeTask, answer: TaskAnswer, jobId?: string): Promise<void> {
    const now = new Date().toISOString();
    const base = { runId: task.runId, nodeId: task.nodeId, agentId: this.id, attempt: task.attempt, startedAt: now, finishedAt: now };
    const result: NodeResult =
      'error' in answer
        ? { status: 'failed', ...base, error: answer.error }
        : { status: 'succeeded', ...base, output: answer.output, ...(answer.port ? { port: answer.port } : {}) };
    await this.results.add('result', result, { jobId: jobId ?? taskJobId(task.runId, task.nodeId, this.id, task.attempt) });
  }

  /** Claims and completes every task from now on with `answer(task)`. */
  autoRun(answer: (task: NodeTask) => TaskAnswer = setOutput): void {
    this.auto = answer;
    this.autoLoop ??= (async () => {
      while (!this.closed && this.auto) {
        await this.promoteDue().catch(() => undefined);
        const jobs = await this.queue.getWaiting().catch(() => []);
        for (const job of jobs) {
          if (!(await job.remove().then(() => true, () => false))) continue;
          const task = job.data as NodeTask;
          const claim = await this.claim(task);
          if (claim.ok && this.auto) await this.report(task, this.auto(task));
        }
        await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      }
    })();
  }

  async stopAutoRun(): Promise<void> {
    this.auto = undefined;
    await this.autoLoop;
    this.autoLoop = undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stopAutoRun();
    this.socket.disconnect();
    await this.queue.close();
    await this.results.close();
    this.redis.disconnect();
  }
}

/** What a `set` node outputs: its (resolved) values. */
export function setOutput(task: NodeTask): TaskAnswer {
  return { output: task.config.values ?? {} };
}

export function failure(code: RunError['code'], message: string, retryable: boolean): { error: RunError } {
  return { error: { code, message, retryable } };
}

/** A workflow definition with schemaVersion 1 filled in. */
export function workflow(definition: Omit<WorkflowDefinitionInput, 'schemaVersion'>): WorkflowDefinitionInput {
  return { schemaVersion: 1, ...definition };
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
