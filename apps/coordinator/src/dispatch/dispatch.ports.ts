import type { NodeTask } from '@runtime-hub/protocol';

/**
 * Puts node tasks on agents' BullMQ queues. The job id is derived from (run, node, agent,
 * attempt), so dispatching the same task twice adds one job: re-dispatch after a crash or a
 * reconcile is always safe.
 */
export interface TaskDispatcher {
  /** Adds the task to `agentQueueName(task.agentId)`; `delayMs` for a retry's backoff. */
  dispatch(task: NodeTask, options?: { delayMs?: number }): Promise<void>;
  /** Removes a job that has not started (cancel, agent lost). False when it was not there or already active. */
  remove(task: TaskKey): Promise<boolean>;
  /** Whether the job is still in the queue (waiting, delayed or active). */
  exists(task: TaskKey): Promise<boolean>;
}
export const TASK_DISPATCHER = Symbol('TASK_DISPATCHER');

export interface TaskKey {
  readonly runId: string;
  readonly nodeId: string;
  readonly agentId: string;
  readonly attempt: number;
}
