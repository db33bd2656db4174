import {
  LOG_LINE_MAX_LENGTH,
  maskSecrets,
  maskText,
  NodeTaskSchema,
  PROGRESS_MESSAGE_MAX_LENGTH,
  TaskRefSchema,
  type Ack,
  type AgentLog,
  type LogStream,
  type NodeResult,
  type NodeTask,
  type RunError,
  type TaskCancel,
  type TaskProgress,
  type TaskRef,
} from '@runtime-hub/protocol';
import type { TaskOutcome } from '@runtime-hub/nodes/executors';
import type { Logger } from './logger';
import { runBundle, withBundle, type BundleBudget } from './task-bundle';
import { DEFAULT_TASK_BUNDLE_RESULT_BUDGET_BYTES, DEFAULT_TASK_BUNDLE_TIME_BUDGET_MS, FINISHED_RESULTS_KEPT, LOG_LINE_TRUNCATION_MARK } from './worker.defaults';

/**
 * What the worker does with the tasks the coordinator delivers (`task:assign`):
 *
 *   1. accept or refuse at once (the ack): a task already held here (delivered again after
 *      a coordinator restart) is accepted and not run twice; one that finished here lately
 *      has its result reported again instead of running again; no free slot or shutting
 *      down: refused, the coordinator delivers it again later; malformed: refused naming
 *      the field, or failed when it names its attempt
 *   2. past its deadline: failed (TIMEOUT) without running
 *   3. the host's policy denies a capability it needs: failed (POLICY_DENIED) without running
 *   4. run it with its own AbortController (cancel from the coordinator, shutdown), log
 *      lines and progress streamed over the control channel as they come
 *      (the secret values the coordinator delivered with the task, `masks`, read `***` in every
 *      line, progress message, output and error that leaves the runner)
 *   5. report the result (result-outbox.ts keeps it until the coordinator acknowledges it);
 *      a task stopped by shutdown reports AGENT_STOPPED, which the coordinator retries.
 *      A task that succeeded and carries a bundle runs its steps first (task-bundle.ts), each
 *      through 3 to 5 under the task's AbortController, and reports once, with their results
 */

export type { TaskOutcome };

export interface RunTaskOptions {
  readonly workspaceRoot: string;
  log(stream: LogStream, line: string): void;
  progress(percent?: number, message?: string): void;
  readonly signal: AbortSignal;
  readonly maxOutputBytes: number;
}

/** The executor frame, injected so the runner can be tested without spawning anything. */
export type RunTask = (task: NodeTask, options: RunTaskOptions) => Promise<TaskOutcome>;

export interface TaskRunnerDeps {
  readonly runTask: RunTask;
  log(line: AgentLog): void;
  progress(progress: TaskProgress): void;
  /** Hands a result on to the coordinator (the outbox keeps it until acknowledged). */
  report(result: NodeResult): void;
  /** Tasks run at once; a task delivered beyond it is refused. */
  readonly concurrency: number;
  readonly workspaceRoot: string;
  readonly maxOutputBytes: number;
  readonly logger: Logger;
  /** Capabilities of the task that the host's local policy denies (local-policy.ts). */
  deniedCapabilities?(task: NodeTask): readonly string[];
  /** When a bundle's next step may still start; default: the worker's defaults. */
  readonly bundleBudget?: BundleBudget;
  now?(): Date;
}

/** Why a running task is aborted. */
export type AbortReason = 'cancelled' | 'shutdown';

interface RunningTask {
  readonly controller: AbortController;
  abortReason: AbortReason | undefined;
}

const ACCEPTED: Ack = { ok: true };
const DEFAULT_BUNDLE_BUDGET: BundleBudget = { timeMs: DEFAULT_TASK_BUNDLE_TIME_BUDGET_MS, resultBytes: DEFAULT_TASK_BUNDLE_RESULT_BUDGET_BYTES };

export class TaskRunner {
  private readonly running = new Map<string, RunningTask>();
  /** Every accepted task until its result is reported, by run, node and attempt. */
  private readonly handling = new Map<string, { readonly ref: TaskRef; readonly done: Promise<void> }>();
  /** The last FINISHED_RESULTS_KEPT results, oldest first, by run, node and attempt. */
  private readonly finished = new Map<string, NodeResult>();
  private stopping = false;

  constructor(private readonly deps: TaskRunnerDeps) {}

  get runningCount(): number {
    return this.running.size;
  }

  /** The attempts accepted here whose results are not reported yet. */
  heldAttempts(): TaskRef[] {
    return [...this.handling.values()].map((entry) => entry.ref);
  }

  /** `task:assign`: accept (and start) or refuse, at once. */
  accept(data: unknown): Ack {
    const parsed = NodeTaskSchema.safeParse(data);
    if (!parsed.success) return this.malformed(data, parsed.error.issues);
    const task = parsed.data;
    const key = taskKey(task);
    const logger = this.deps.logger.child({ runId: task.runId, nodeId: task.nodeId, attempt: task.attempt });
    if (this.handling.has(key)) {
      logger.warn('task delivered again while it is being handled here: not run twice');
      return ACCEPTED;
    }
    const finished = this.finished.get(key);
    if (finished) {
      logger.warn('task delivered again after it finished here: its result is reported again, it is not run again');
      this.deps.report(finished);
      return ACCEPTED;
    }
    if (this.stopping) return refused('this worker is shutting down');
    if (this.handling.size >= this.deps.concurrency) return refused(`no free slot: ${this.handling.size} of ${this.deps.concurrency} tasks running`);
    const done = this.handle(task, logger)
      .catch((error: unknown) => logger.error({ err: error }, 'task handling failed'))
      .finally(() => this.handling.delete(key));
    this.handling.set(key, { ref: { runId: task.runId, nodeId: task.nodeId, attempt: task.attempt }, done });
    return ACCEPTED;
  }

  /** Refuses new tasks from now on; the ones running go on. */
  stopAccepting(): void {
    this.stopping = true;
  }

  /** Resolves once every accepted task has reported, or after `timeoutMs`; true when none is left. */
  async settled(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([Promise.all([...this.handling.values()].map((entry) => entry.done)).then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async handle(task: NodeTask, logger: Logger): Promise<void> {
    // 2.
    if (task.deadlineAt !== undefined && Date.parse(task.deadlineAt) < this.now().getTime()) {
      logger.info({ deadlineAt: task.deadlineAt }, 'task not run: its deadline passed before it arrived');
      this.finish(task, failedResult(task, this.now(), { code: 'TIMEOUT', message: `node ${task.nodeId}: its deadline ${task.deadlineAt} passed before it reached this agent`, retryable: false }));
      return;
    }
    // 4. One controller for the task and its bundle: a cancel of the task stops every step.
    const key = taskKey(task);
    const entry: RunningTask = { controller: new AbortController(), abortReason: undefined };
    this.running.set(key, entry);
    let result: NodeResult;
    const startedAtMs = this.now().getTime();
    try {
      result = await this.runNode(task, entry, logger);
      if (result.status === 'succeeded' && task.bundle) {
        const runStep = (step: NodeTask) => this.runNode(step, entry, this.deps.logger.child({ runId: step.runId, nodeId: step.nodeId, attempt: step.attempt, bundledAfter: task.nodeId }));
        const spending = { budget: this.deps.bundleBudget ?? DEFAULT_BUNDLE_BUDGET, maxOutputBytes: this.deps.maxOutputBytes, startedAtMs, now: () => this.now().getTime() };
        result = withBundle(result, await runBundle(task, result, runStep, entry.controller.signal, spending));
      }
    } finally {
      this.running.delete(key);
    }
    // 5.
    this.finish(task, result);
  }

  /** Steps 3 to 5 for one node, the task's own or a step of its bundle: its result, masked. */
  private async runNode(task: NodeTask, entry: RunningTask, logger: Logger): Promise<NodeResult> {
    // 3.
    const denied = this.deps.deniedCapabilities?.(task) ?? [];
    if (denied.length > 0) {
      const message = `this host's local policy denies ${denied.join(', ')}, which node ${task.nodeId} (${task.nodeType}) needs`;
      logger.warn({ denied }, 'task refused by the local policy');
      return failedResult(task, this.now(), { code: 'POLICY_DENIED', message, retryable: false, details: { denied: [...denied] } });
    }
    // 4.
    logger.info({ nodeType: task.nodeType }, 'task started');
    const outcome = await this.execute(task, entry.controller.signal);
    // 5.
    if (entry.abortReason === 'shutdown') {
      logger.info('task stopped by shutdown; reported as AGENT_STOPPED');
      return failedResult(task, this.now(), { code: 'AGENT_STOPPED', message: `the agent running node ${task.nodeId} was shut down before it finished`, retryable: true }, outcome.startedAt);
    }
    const result = maskResult(toNodeResult(task, outcome), task.masks);
    logger.info({ status: result.status, ...(result.status === 'failed' ? { code: result.error.code } : {}) }, 'task finished');
    return result;
  }

  private finish(task: NodeTask, result: NodeResult): void {
    this.remember(taskKey(task), result);
    this.deps.report(result);
  }

  /** `task:cancel`: aborts that attempt if it runs here (its executor kills the process tree). */
  cancel(cancel: TaskCancel): boolean {
    return this.abort(taskKey(cancel), 'cancelled');
  }

  /** Aborts every running task; returns how many. */
  abortAll(reason: AbortReason): number {
    let count = 0;
    for (const key of [...this.running.keys()]) if (this.abort(key, reason)) count += 1;
    return count;
  }

  private abort(key: string, reason: AbortReason): boolean {
    const entry = this.running.get(key);
    if (!entry || entry.controller.signal.aborted) return false;
    entry.abortReason = reason;
    entry.controller.abort(reason);
    return true;
  }

  private remember(key: string, result: NodeResult): void {
    this.finished.delete(key);
    this.finished.set(key, result);
    for (const oldest of this.finished.keys()) {
      if (this.finished.size <= FINISHED_RESULTS_KEPT) break;
      this.finished.delete(oldest);
    }
  }

  private async execute(task: NodeTask, signal: AbortSignal): Promise<TaskOutcome> {
    const startedAt = this.now().toISOString();
    try {
      return await this.deps.runTask(task, {
        workspaceRoot: this.deps.workspaceRoot,
        maxOutputBytes: this.deps.maxOutputBytes,
        signal,
        // Secrets the task carries are masked before a line is cut to length, so no cut leaves half a secret.
        log: (stream, line) => this.deps.log(logLine(task, stream, maskText(line, task.masks ?? []), this.now())),
        progress: (percent, message) => this.deps.progress(progressOf(task, percent, message === undefined ? undefined : maskText(message, task.masks ?? []))),
      });
    } catch (error) {
      // runTask reports failures as outcomes; a throw is a bug in the frame. Report it on the node.
      const message = maskText(error instanceof Error ? error.message : String(error), task.masks ?? []);
      this.deps.logger.error({ error: message, runId: task.runId, nodeId: task.nodeId }, 'runTask threw');
      return { status: 'failed', error: { code: 'INTERNAL', message, retryable: true }, startedAt, finishedAt: this.now().toISOString() };
    }
  }

  /**
   * A task that fails its schema cannot run. If it names its attempt (run, node, agent and
   * attempt parse), the node is failed with the reason (not retryable: the same task would
   * fail the same way) and the delivery accepted; otherwise the delivery is refused naming
   * the fields at fault.
   */
  private malformed(data: unknown, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Ack {
    const problems = issues.map((issue) => `${issue.path.map(String).join('.') || '(task)'}: ${issue.message}`).join('; ');
    const ref = TaskRefSchema.safeParse(pick(data, ['runId', 'nodeId', 'attempt']));
    const agentId = (data as { agentId?: unknown } | null)?.agentId;
    if (!ref.success || typeof agentId !== 'string') {
      this.deps.logger.error({ problems }, 'malformed task refused: it names no attempt to report on');
      return { ok: false, error: { code: 'INVALID_MESSAGE', message: `task:assign: ${problems}` } };
    }
    this.deps.logger.error({ ...ref.data, problems }, 'malformed task: reported as failed');
    const at = this.now().toISOString();
    this.deps.report({
      status: 'failed',
      ...ref.data,
      agentId,
      startedAt: at,
      finishedAt: at,
      error: { code: 'INTERNAL', message: `the agent received a malformed task: ${problems}`, retryable: false },
    });
    return ACCEPTED;
  }

  private now(): Date {
    return this.deps.now ? this.deps.now() : new Date();
  }
}

function refused(message: string): Ack {
  return { ok: false, error: { code: 'CONFLICT', message } };
}

function pick(data: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof data !== 'object' || data === null) return {};
  const record = data as Record<string, unknown>;
  return Object.fromEntries(keys.filter((key) => key in record).map((key) => [key, record[key]]));
}

function failedResult(task: NodeTask, at: Date, error: RunError, startedAt = at.toISOString()): NodeResult {
  return { status: 'failed', runId: task.runId, nodeId: task.nodeId, agentId: task.agentId, attempt: task.attempt, startedAt, finishedAt: at.toISOString(), error };
}

/** One attempt of one node: what `task:cancel` names. */
function taskKey(ref: { runId: string; nodeId: string; attempt: number }): string {
  return `${ref.runId}:${ref.nodeId}:${ref.attempt}`;
}

/** The result with the task's secret values replaced by `***` in its output or error (the coordinator masks again). */
export function maskResult(result: NodeResult, masks: readonly string[] | undefined): NodeResult {
  if (!masks || masks.length === 0) return result;
  return result.status === 'succeeded' ? { ...result, output: maskSecrets(result.output, masks) } : { ...result, error: maskSecrets(result.error, masks) };
}

export function toNodeResult(task: NodeTask, outcome: TaskOutcome): NodeResult {
  const base = {
    runId: task.runId,
    nodeId: task.nodeId,
    agentId: task.agentId,
    attempt: task.attempt,
    startedAt: outcome.startedAt,
    finishedAt: outcome.finishedAt,
  };
  if (outcome.status === 'failed') return { status: 'failed', ...base, error: outcome.error };
  // JSON has no `undefined`: a node with nothing to say reports null.
  return { status: 'succeeded', ...base, ...(outcome.port ? { port: outcome.port } : {}), output: outcome.output ?? null };
}

/** A log line as the protocol carries it; lines over LOG_LINE_MAX_LENGTH are cut and marked. */
export function logLine(task: NodeTask, stream: LogStream, line: string, at: Date): AgentLog {
  const text =
    line.length <= LOG_LINE_MAX_LENGTH ? line : line.slice(0, LOG_LINE_MAX_LENGTH - LOG_LINE_TRUNCATION_MARK.length) + LOG_LINE_TRUNCATION_MARK;
  return { runId: task.runId, nodeId: task.nodeId, attempt: task.attempt, stream, line: text, at: at.toISOString() };
}

function progressOf(task: NodeTask, percent?: number, message?: string): TaskProgress {
  return {
    runId: task.runId,
    nodeId: task.nodeId,
    attempt: task.attempt,
    ...(percent === undefined ? {} : { percent: Math.min(100, Math.max(0, percent)) }),
    ...(message === undefined ? {} : { message: message.slice(0, PROGRESS_MESSAGE_MAX_LENGTH) }),
  };
}
