import {
  LOG_LINE_MAX_LENGTH,
  NodeTaskSchema,
  PROGRESS_MESSAGE_MAX_LENGTH,
  parseTaskJobId,
  type AgentLog,
  type LogStream,
  type NodeResult,
  type NodeTask,
  type TaskCancel,
  type TaskProgress,
} from '@runtime-hub/protocol';
import type { TaskOutcome } from '@runtime-hub/nodes/executors';
import type { ClaimOutcome, TaskClaim } from './control-messages';
import type { Logger } from './logger';
import { CLAIM_RETRY_DELAY_MS, FINISHED_RESULTS_KEPT, LOG_LINE_TRUNCATION_MARK } from './worker.defaults';

/**
 * What the worker does with one task pulled from its queue, apart from BullMQ itself
 * (task-queue.ts adapts the answer to BullMQ):
 *
 *   1. parse the task (malformed: report a failed result when the job id names the attempt,
 *      else drop it with a log line; never throw); one that is already being handled here
 *      (delivered again after its lock was lost) settles as that one does, and is not run twice;
 *      one that finished here lately has its result added again instead of running again
 *   2. past its deadline: drop it (the run moved on without it)
 *   3. claim it; refused: drop it; no answer: hand it back, delayed, and try again later;
 *      granted but the host's policy denies a capability it needs: fail it (POLICY_DENIED)
 *   4. run it with its own AbortController (cancel from the coordinator, shutdown), log
 *      lines and progress streamed over the control channel as they come
 *   5. shutdown aborted it: hand it back, no result
 *   6. add the result to the results queue under the task's job id; only then is the job
 *      complete, so a crash before this point re-delivers the task, never loses the result
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
  claim(claim: TaskClaim): Promise<ClaimOutcome>;
  log(line: AgentLog): void;
  progress(progress: TaskProgress): void;
  /** Adds the result to the results queue with `jobId` (the task's job id). */
  addResult(result: NodeResult, jobId: string): Promise<void>;
  readonly workspaceRoot: string;
  readonly maxOutputBytes: number;
  readonly logger: Logger;
  /** Capabilities of the task that the host's local policy denies (local-policy.ts). */
  deniedCapabilities?(task: NodeTask): readonly string[];
  now?(): Date;
}

/** How the queue adapter should settle the job. */
export type Disposition =
  /** Done: its result (if any) is in the results queue. */
  | { readonly kind: 'complete' }
  /** Put it back in this agent's queue, to be taken again after `delayMs`. */
  | { readonly kind: 'hand-back'; readonly delayMs: number; readonly reason: string };

/** Why a running task is aborted. */
export type AbortReason = 'cancelled' | 'shutdown';

interface RunningTask {
  readonly controller: AbortController;
  abortReason: AbortReason | undefined;
}

const COMPLETE: Disposition = { kind: 'complete' };

export class TaskRunner {
  private readonly running = new Map<string, RunningTask>();
  /** Every task from its delivery until it is settled (claim included), by run, node and attempt. */
  private readonly handling = new Map<string, Promise<Disposition>>();
  /** The last FINISHED_RESULTS_KEPT results, oldest first, by run, node and attempt. */
  private readonly finished = new Map<string, NodeResult>();

  constructor(private readonly deps: TaskRunnerDeps) {}

  get runningCount(): number {
    return this.running.size;
  }

  async process(jobId: string, data: unknown): Promise<Disposition> {
    const parsed = NodeTaskSchema.safeParse(data);
    if (!parsed.success) return this.malformed(jobId, parsed.error.issues);
    const task = parsed.data;
    const logger = this.deps.logger.child({ runId: task.runId, nodeId: task.nodeId, attempt: task.attempt, jobId });

    // A task delivered again while it is still being handled here (its lock was lost while
    // Redis was away, and BullMQ found it stalled) is not run a second time: this delivery
    // settles as the first one does, once it has (the result goes in under the same job id).
    const key = taskKey(task);
    const earlier = this.handling.get(key);
    if (earlier) {
      logger.warn('task delivered again while it is being handled here: not run twice');
      return earlier;
    }
    // Delivered again after it finished here (the job's completion was lost with its lock):
    // its result goes in again, which the coordinator records once, and it is not run again.
    const done = this.finished.get(key);
    if (done) {
      logger.warn('task delivered again after it finished here: its result is sent again, it is not run again');
      await this.deps.addResult(done, jobId);
      return COMPLETE;
    }
    const handled = this.handle(jobId, task, logger);
    this.handling.set(key, handled);
    try {
      return await handled;
    } finally {
      if (this.handling.get(key) === handled) this.handling.delete(key);
    }
  }

  private async handle(jobId: string, task: NodeTask, logger: Logger): Promise<Disposition> {

    if (task.deadlineAt !== undefined && Date.parse(task.deadlineAt) < this.now().getTime()) {
      logger.info({ deadlineAt: task.deadlineAt }, 'task dropped: its deadline passed while it was queued');
      return COMPLETE;
    }

    const claim = await this.deps.claim({ runId: task.runId, nodeId: task.nodeId, attempt: task.attempt });
    if (claim.kind === 'refused') {
      logger.info({ reason: claim.reason }, 'task not run: the coordinator refused the claim');
      return COMPLETE;
    }
    if (claim.kind === 'unreachable') {
      logger.warn({ reason: claim.reason }, 'task handed back: the claim could not be made');
      return { kind: 'hand-back', delayMs: CLAIM_RETRY_DELAY_MS, reason: claim.reason };
    }

    const denied = this.deps.deniedCapabilities?.(task) ?? [];
    if (denied.length > 0) {
      const at = this.now().toISOString();
      const message = `this host's local policy denies ${denied.join(', ')}, which node ${task.nodeId} (${task.nodeType}) needs`;
      logger.warn({ denied }, 'task refused by the local policy');
      await this.deps.addResult(
        { status: 'failed', runId: task.runId, nodeId: task.nodeId, agentId: task.agentId, attempt: task.attempt, startedAt: at, finishedAt: at, error: { code: 'POLICY_DENIED', message, retryable: false, details: { denied: [...denied] } } },
        jobId,
      );
      return COMPLETE;
    }

    const key = taskKey(task);
    const entry: RunningTask = { controller: new AbortController(), abortReason: undefined };
    this.running.set(key, entry);
    let outcome: TaskOutcome;
    try {
      logger.info({ nodeType: task.nodeType }, 'task started');
      outcome = await this.execute(task, entry.controller.signal);
    } finally {
      this.running.delete(key);
    }

    if (entry.abortReason === 'shutdown') {
      logger.info('task aborted by shutdown; handed back without a result');
      return { kind: 'hand-back', delayMs: 0, reason: 'worker shutting down' };
    }
    const result = toNodeResult(task, outcome);
    await this.deps.addResult(result, jobId);
    this.remember(key, result);
    logger.info({ status: result.status, ...(result.status === 'failed' ? { code: result.error.code } : {}) }, 'task finished');
    return COMPLETE;
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
        log: (stream, line) => this.deps.log(logLine(task, stream, line, this.now())),
        progress: (percent, message) => this.deps.progress(progressOf(task, percent, message)),
      });
    } catch (error) {
      // runTask reports failures as outcomes; a throw is a bug in the frame. Report it on the node.
      this.deps.logger.error({ err: error, runId: task.runId, nodeId: task.nodeId }, 'runTask threw');
      const message = error instanceof Error ? error.message : String(error);
      return { status: 'failed', error: { code: 'INTERNAL', message, retryable: true }, startedAt, finishedAt: this.now().toISOString() };
    }
  }

  /**
   * A task that fails its schema cannot run. If the job id names the attempt, the node is
   * failed with the reason (not retryable: the same task would fail the same way); otherwise
   * nothing can be reported and the job is dropped with a log line.
   */
  private async malformed(jobId: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Promise<Disposition> {
    const problems = issues.map((issue) => `${issue.path.map(String).join('.') || '(task)'}: ${issue.message}`).join('; ');
    const parts = parseTaskJobId(jobId);
    if (!parts) {
      this.deps.logger.error({ jobId, problems }, 'malformed task dropped: its job id names no attempt to report on');
      return COMPLETE;
    }
    this.deps.logger.error({ jobId, problems }, 'malformed task: reported as failed');
    const at = this.now().toISOString();
    await this.deps.addResult(
      {
        status: 'failed',
        runId: parts.runId,
        nodeId: parts.nodeId,
        agentId: parts.agentId,
        attempt: parts.attempt,
        startedAt: at,
        finishedAt: at,
        error: { code: 'INTERNAL', message: `the agent received a malformed task: ${problems}`, retryable: false },
      },
      jobId,
    );
    return COMPLETE;
  }

  private now(): Date {
    return this.deps.now ? this.deps.now() : new Date();
  }
}

/** One attempt of one node: what `task:cancel` names. */
function taskKey(ref: { runId: string; nodeId: string; attempt: number }): string {
  return `${ref.runId}:${ref.nodeId}:${ref.attempt}`;
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
