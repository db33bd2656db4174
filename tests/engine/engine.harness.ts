import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import {
  AGENTS_NAMESPACE,
  agentQueueName,
  type Ack,
  type NodeResult,
  type NodeTask,
  type RegisterAck,
  type RunError,
  type RunRecord,
  type Target,
  type WorkflowDefinitionInput,
} from '@runtime-hub/protocol';
import { bootTestCoordinator, deleteQueuePrefixKeys, type TestCoordinator } from '../coordinator-api/coordinator.harness';
import type { TestDatabase } from '@runtime-hub/db';

/**
 * The whole coordinator (startCoordinator) on its own database and BullMQ prefix, with fake
 * agents that do what a worker agent does on the wire: enroll over `/agents`, accept the
 * tasks delivered to them (`task:assign`) and send results (`task:result`). Tests decide
 * what each task returns, and when; they may also look into an agent's queue in Redis (the
 * agent itself never can).
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
  agent(name: string, options?: FakeAgentOptions): Promise<FakeAgent>;
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
        await deleteQueuePrefixKeys(queuePrefix);
      }
    },
  };
  return harness;
}

/** What an auto-running agent answers for a task: an output (and port) or a failure. */
export type TaskAnswer = { output: unknown; port?: string } | { error: RunError };

export interface FakeAgentOptions {
  labels?: string[];
  capabilities?: string[];
  /** Tasks delivered at once (default 4); the rest wait in the agent's queue. */
  concurrency?: number;
}

/** A worker agent on the wire, driven by the test. */
export class FakeAgent {
  /** What the test looks into (the agent's queue in Redis): never the agent's own access. */
  private readonly redis: Redis;
  private readonly queue: Queue;
  /** Tasks delivered and accepted, not yet taken by the test or answered by autoRun. */
  private readonly inbox: NodeTask[] = [];
  private auto: ((task: NodeTask) => TaskAnswer) | undefined;
  private refusing = false;
  private readonly answering = new Set<Promise<unknown>>();

  private constructor(
    readonly id: string,
    readonly name: string,
    readonly socket: Socket,
    queuePrefix: string,
  ) {
    this.redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    this.queue = new Queue(agentQueueName(id), { connection: this.redis, prefix: queuePrefix });
    socket.on('task:assign', (task: NodeTask, ack: (answer: Ack) => void) => {
      if (this.refusing) return ack({ ok: false, error: { code: 'CONFLICT', message: 'this test agent refuses deliveries' } });
      ack({ ok: true });
      if (this.auto) this.answer(task, this.auto);
      else this.inbox.push(task);
    });
  }

  static async enroll(url: string, queuePrefix: string, name: string, options: FakeAgentOptions): Promise<FakeAgent> {
    const socket = io(`${url}${AGENTS_NAMESPACE}`, { auth: { enrollToken: TEST_ENROLL_TOKEN }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    // The agent is built before it registers: deliveries may follow the register ack at once.
    const registered = socket.timeout(WAIT_TIMEOUT_MS).emitWithAck('agent:register', {
      name,
      kind: 'worker',
      os: 'linux',
      arch: 'x64',
      version: '0.1.0',
      labels: [...(options.labels ?? []), FAKE_AGENT_LABEL],
      capabilities: options.capabilities ?? [],
      concurrency: options.concurrency ?? 4,
      hostname: `${name}.local`,
    }) as Promise<RegisterAck>;
    const early: Array<[NodeTask, (answer: Ack) => void]> = [];
    const holdEarly = (task: NodeTask, ack: (answer: Ack) => void) => early.push([task, ack]);
    socket.on('task:assign', holdEarly);
    const ack = await registered;
    socket.off('task:assign', holdEarly);
    if (!ack.ok) throw new Error(`registration refused: ${ack.error.message}`);
    const agent = new FakeAgent(ack.agentId, name, socket, queuePrefix);
    for (const [task, answer] of early) {
      answer({ ok: true });
      agent.inbox.push(task);
    }
    return agent;
  }

  /** While on, deliveries are refused: tasks go back to the queue and stay there for the test to look at. */
  refuseDeliveries(on: boolean): void {
    this.refusing = on;
  }

  /** Tasks waiting in this agent's queue right now, not delivered (not delayed ones); every task job carries its run's priority. */
  async waitingTasks(): Promise<NodeTask[]> {
    return (await this.queue.getJobs(['waiting', 'prioritized'])).map((job: Job<NodeTask>) => job.data);
  }

  async delayedJobs(): Promise<Array<Job<NodeTask>>> {
    return this.queue.getDelayed();
  }

  /** The next task delivered to this agent (accepted: it is running), waiting for one. */
  async take(what = `a task for ${this.name}`, timeoutMs = WAIT_TIMEOUT_MS): Promise<NodeTask> {
    return waitFor(() => this.inbox.shift(), what, timeoutMs);
  }

  /**
   * Sends a result as a worker does; answers the coordinator's ack. `bundle`: the answers of
   * the task's bundled steps that ran, in order (task.bundle).
   */
  async report(task: NodeTask, answer: TaskAnswer, bundle: readonly TaskAnswer[] = []): Promise<Ack> {
    const result = this.resultOf(task, answer);
    const steps = bundle.map((stepAnswer, index) => {
      const step = task.bundle?.[index];
      if (!step) throw new Error(`task ${task.nodeId} carries no bundled step ${index + 1}`);
      return this.resultOf({ ...task, nodeId: step.nodeId, attempt: step.attempt }, stepAnswer);
    });
    const sent = result.status === 'succeeded' && steps.length > 0 ? { ...result, bundle: steps } : result;
    return (await this.socket.timeout(WAIT_TIMEOUT_MS).emitWithAck('task:result', sent)) as Ack;
  }

  private resultOf(task: Pick<NodeTask, 'runId' | 'nodeId' | 'attempt'>, answer: TaskAnswer): NodeResult {
    const now = new Date().toISOString();
    const base = { runId: task.runId, nodeId: task.nodeId, agentId: this.id, attempt: task.attempt, startedAt: now, finishedAt: now };
    return 'error' in answer
      ? { status: 'failed', ...base, error: answer.error }
      : { status: 'succeeded', ...base, output: answer.output, ...(answer.port ? { port: answer.port } : {}) };
  }

  /** Completes every task delivered from now on (and those delivered and not taken) with `answer(task)`. */
  autoRun(answer: (task: NodeTask) => TaskAnswer = setOutput): void {
    this.auto = answer;
    for (const task of this.inbox.splice(0)) this.answer(task, answer);
  }

  async stopAutoRun(): Promise<void> {
    this.auto = undefined;
    await Promise.allSettled([...this.answering]);
  }

  async close(): Promise<void> {
    await this.stopAutoRun();
    this.socket.disconnect();
    await this.queue.close();
    this.redis.disconnect();
  }

  private answer(task: NodeTask, answer: (task: NodeTask) => TaskAnswer): void {
    const sent = this.report(task, answer(task)).catch(() => undefined);
    this.answering.add(sent);
    void sent.finally(() => this.answering.delete(sent));
  }
}

/** What a `set` node outputs: its (resolved) values. */
export function setOutput(task: NodeTask): TaskAnswer {
  return { output: task.config.values ?? {} };
}

export function failure(code: RunError['code'], message: string, retryable: boolean): { error: RunError } {
  return { error: { code, message, retryable } };
}

/** Control nodes the coordinator decides itself unless they carry a target of their own. */
const CONTROL_NODE_TYPES = new Set(['set', 'condition', 'switch', 'fail']);

/** A label every fake agent carries besides its own, so that a target can say "any agent". */
export const FAKE_AGENT_LABEL = 'engine-test';
export const ANY_AGENT: Target = { labels: [FAKE_AGENT_LABEL] };

/**
 * A workflow definition with schemaVersion 1 filled in, whose nodes are dispatched work: the
 * engine's tests use `set` (and `condition`, `switch`, `fail`) as a stand-in for a task on an
 * agent, so each of them without a target of its own gets ANY_AGENT, which makes it a task
 * that the test's fake agent answers. `decidedWorkflow` leaves them to the coordinator.
 */
export function workflow(definition: Omit<WorkflowDefinitionInput, 'schemaVersion'>): WorkflowDefinitionInput {
  return {
    schemaVersion: 1,
    ...definition,
    nodes: definition.nodes.map((node) => (CONTROL_NODE_TYPES.has(node.type) && node.target === undefined ? { ...node, target: ANY_AGENT } : node)),
  };
}

/** A workflow definition with schemaVersion 1 filled in, as written: untargeted control nodes are decided by the coordinator. */
export function decidedWorkflow(definition: Omit<WorkflowDefinitionInput, 'schemaVersion'>): WorkflowDefinitionInput {
  return { schemaVersion: 1, ...definition };
}
