import { AckSchema, NodeTaskSchema, type Ack, type NodeResult, type NodeTask } from '@runtime-hub/protocol';
import { currentPlatform, DEFAULT_MAX_OUTPUT_BYTES, runTask, type ExpressionEvaluator } from '@runtime-hub/nodes/executors';
import type { Socket } from 'socket.io-client';

/**
 * How long the coordinator has to acknowledge `task:result` before it is sent again, and how
 * long a result waits before it is sent again: the worker agent's values
 * (apps/worker-windows/src/worker.defaults.ts RESULT_ACK_TIMEOUT_MS, DEFAULT_RESULT_RETRY_DELAY_MS),
 * so a fleet of simulated agents loads the coordinator as a fleet of workers would.
 */
export const SIMULATED_RESULT_ACK_TIMEOUT_MS = 10_000;
export const SIMULATED_RESULT_RETRY_DELAY_MS = 2_000;
/** Tasks a simulated agent runs at once (it declares this as its concurrency). */
export const SIMULATED_AGENT_CONCURRENCY = 1;

/** Simulated agents run no expression: the nodes they are given (`set`) have their templates resolved by the coordinator. */
const NO_EXPRESSIONS: ExpressionEvaluator = {
  evaluate: () => Promise.reject(new Error('a simulated agent evaluates no expressions: give it `set` nodes')),
};

export interface SimulatedTaskOptions {
  /** Each task gets a workspace directory under this one, as on a worker (created and removed by the executor). */
  readonly workspaceRoot: string;
  /** Something went wrong that a worker would log: a result refused, a delivery malformed. */
  onProblem(line: string): void;
}

/** What a fleet of simulated agents was sent and sent back, all agents together. */
export interface SimulatedTaskCounts {
  /** `task:assign` messages accepted. */
  accepted: number;
  /** `task:assign` messages refused (no free slot, malformed). */
  refused: number;
  /** `task:result` messages sent, a result sent again after an unanswered one counted each time. */
  resultsSent: number;
  /** Results not acknowledged yet. */
  resultsPending: number;
}

/**
 * The task side of one simulated agent, speaking the `/agents` protocol as a worker agent
 * does (apps/worker-windows/src/task-runner.ts and result-outbox.ts) without what a host
 * needs beyond it (policy, process trees, logs):
 *
 *   task:assign  parsed with NodeTaskSchema (malformed: refused, naming the fields); an attempt
 *                it runs already is accepted and not run twice; no free slot: refused
 *   run          the libs/nodes executor, as the worker runs it (`runTask`: config parsed with
 *                the node's schema, a workspace, the output serialized); a `set` outputs its values
 *   task:result  sent with its ack and kept until acknowledged: unanswered or INTERNAL, sent again
 *                after SIMULATED_RESULT_RETRY_DELAY_MS; refused for good, reported as a problem
 *   task:cancel  ignored: a `set` finishes before a cancel could reach it
 */
export function handleTasks(socket: Socket, name: string, options: SimulatedTaskOptions, counts: SimulatedTaskCounts): void {
  const held = new Set<string>();
  const platform = currentPlatform();
  const run = async (task: NodeTask): Promise<void> => {
    const outcome = await runTask(task, {
      workspaceRoot: options.workspaceRoot,
      log: () => undefined,
      signal: new AbortController().signal,
      maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES,
      platform,
      hostPaths: { dataDir: options.workspaceRoot },
      expressions: NO_EXPRESSIONS,
    });
    const result: NodeResult = { ...outcome, runId: task.runId, nodeId: task.nodeId, agentId: task.agentId, attempt: task.attempt };
    // The slot is free once the result is handed over, as on a worker (its outbox keeps it until acknowledged).
    held.delete(taskKey(task));
    void report(socket, name, result, options, counts);
  };
  socket.on('task:assign', (payload: unknown, ack?: (answer: Ack) => void) => {
    const answer = accept(payload);
    if (answer.ok) counts.accepted += 1;
    else counts.refused += 1;
    if (typeof ack === 'function') ack(answer);
  });

  function accept(payload: unknown): Ack {
    const parsed = NodeTaskSchema.safeParse(payload);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(task)'}: ${issue.message}`).join('; ');
      options.onProblem(`simulated agent ${name} refused a malformed task:assign: ${problems}`);
      return { ok: false, error: { code: 'INVALID_MESSAGE', message: `task:assign: ${problems}` } };
    }
    const task = parsed.data;
    const key = taskKey(task);
    if (held.has(key)) return { ok: true };
    if (held.size >= SIMULATED_AGENT_CONCURRENCY) {
      return { ok: false, error: { code: 'CONFLICT', message: `no free slot: ${held.size} of ${SIMULATED_AGENT_CONCURRENCY} tasks running` } };
    }
    held.add(key);
    void run(task);
    return { ok: true };
  }
}

function taskKey(task: NodeTask): string {
  return `${task.runId}/${task.nodeId}/${task.attempt}`;
}

/** `task:result` until the coordinator acknowledges it (recorded, or refused for good). */
async function report(socket: Socket, name: string, result: NodeResult, options: SimulatedTaskOptions, counts: SimulatedTaskCounts): Promise<void> {
  counts.resultsPending += 1;
  try {
    await sendUntilAnswered(socket, name, result, options, counts);
  } finally {
    counts.resultsPending -= 1;
  }
}

async function sendUntilAnswered(socket: Socket, name: string, result: NodeResult, options: SimulatedTaskOptions, counts: SimulatedTaskCounts): Promise<void> {
  for (;;) {
    if (!socket.connected) return;
    counts.resultsSent += 1;
    let answer: unknown;
    try {
      answer = await socket.timeout(SIMULATED_RESULT_ACK_TIMEOUT_MS).emitWithAck('task:result', result);
    } catch {
      answer = undefined;
    }
    const ack = AckSchema.safeParse(answer);
    if (ack.success) {
      if (ack.data.ok) return;
      const { code, message } = ack.data.error;
      if (code !== 'INTERNAL') {
        options.onProblem(`simulated agent ${name}: the result of ${result.runId}/${result.nodeId} was refused: ${code} ${message}`);
        return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, SIMULATED_RESULT_RETRY_DELAY_MS));
  }
}
