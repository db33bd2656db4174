import type { NodeTask } from '@runtime-hub/protocol';

/**
 * Puts node tasks on agents' BullMQ queues. The job id is derived from (run, node, agent,
 * attempt), so dispatching the same task twice adds one job: re-dispatch after a crash or a
 * reconcile is always safe.
 */
export interface TaskDispatcher {
  /** Adds the task to `agentQueueName(task.agentId)`; `delayMs` for a retry's backoff. */
  dispatch(task: NodeTask, options?: { delayMs?: number }): Promise<void>;
  /**
   * Adds many tasks, those of one agent in one round trip (a fan-out's first dispatch). Answers
   * the tasks that could not be added, with why; the others are queued.
   */
  dispatchMany(dispatches: readonly TaskDispatch[]): Promise<Array<{ readonly dispatch: TaskDispatch; readonly error: unknown }>>;
  /** Removes a job that has not started (cancel, agent lost). False when it was not there or already active. */
  remove(task: TaskKey): Promise<boolean>;
  /** Whether the job is still in the queue (waiting, delayed or active). */
  exists(task: TaskKey): Promise<boolean>;
  /**
   * A job a lost agent had started: it stays active in that agent's queue, where only that
   * agent would ever settle it. Remembered here and removed by `sweepAbandoned` once its lock
   * has expired (or once the agent, back, has put it back in the queue).
   */
  abandon(task: TaskKey): void;
  /** Removes the abandoned jobs whose lock expired; answers how many were removed. */
  sweepAbandoned(): Promise<number>;
}
export const TASK_DISPATCHER = Symbol('TASK_DISPATCHER');

/** A task to add, after `delayMs` when it is a retry's backoff. */
export interface TaskDispatch {
  readonly task: NodeTask;
  readonly delayMs: number;
}

export interface TaskKey {
  readonly runId: string;
  readonly nodeId: string;
  readonly agentId: string;
  readonly attempt: number;
}
