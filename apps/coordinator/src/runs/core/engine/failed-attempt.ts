import type { NodeResult, RunError } from '@runtime-hub/protocol';
import type { SnapshotTask } from './engine.types';

/** A failed attempt that no agent reported (its agent was lost, its deadline passed), as the result it stands for. */
export function failedAttemptResult(task: SnapshotTask, error: RunError, now: Date): NodeResult {
  return {
    status: 'failed',
    runId: task.runId,
    nodeId: task.nodeId,
    agentId: task.agentId,
    attempt: task.attempt,
    startedAt: (task.startedAt ?? now).toISOString(),
    finishedAt: now.toISOString(),
    error,
  };
}

/** The task as the snapshot holds it now, when it is still the attempt read before the lock and in one of `statusIn`. */
export function stillCurrent(tasks: readonly SnapshotTask[] | undefined, read: SnapshotTask, statusIn: readonly SnapshotTask['status'][]): SnapshotTask | undefined {
  const task = tasks?.find((candidate) => candidate.nodeId === read.nodeId && candidate.agentId === read.agentId);
  return task && task.attempt === read.attempt && statusIn.includes(task.status) ? task : undefined;
}
