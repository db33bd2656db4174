import { runError } from '../run-errors';
import { decided, ignored } from './decision';
import type { Decision, EngineContext, RunSnapshot, SnapshotTask } from './engine.types';
import { failedAttemptResult, stillCurrent } from './failed-attempt';

/**
 * A task still running its timeout and the grace after it started (README "Deadlines"): it
 * was lost on the way, since its agent kills a timed-out node itself and reports TIMEOUT.
 * Still at the attempt read, it fails with TIMEOUT (`record-failure`: the retry policy
 * retries it like any timeout), and its agent is told to stop it, in case it still runs it.
 */
export function decideDeadline(read: SnapshotTask, graceMs: number, snapshot: RunSnapshot, context: EngineContext): Decision {
  if (snapshot.run.status !== 'running') return ignored(`run ${snapshot.run.id} is ${snapshot.run.status}`);
  const task = stillCurrent(snapshot.tasks, read, ['running']);
  if (!task) return ignored('the task moved on');
  const message = `attempt ${task.attempt} on agent ${task.agentId} ran past its timeout and ${graceMs} ms more with no result (RH_TASK_DEADLINE_GRACE_MS): it counts as timed out`;
  const error = runError('TIMEOUT', message, { nodeId: task.nodeId, details: { agentId: task.agentId, graceMs } });
  const key = { runId: task.runId, nodeId: task.nodeId, agentId: task.agentId, attempt: task.attempt };
  return decided([], [{ kind: 'stop', key }], [{ kind: 'record-failure', result: failedAttemptResult(task, error, context.now) }]);
}

/** When a running task counts as lost: its start + its node's timeout + the grace; undefined when it has not started. */
export function taskDeadline(task: Pick<SnapshotTask, 'startedAt'>, timeoutMs: number, graceMs: number): number | undefined {
  return task.startedAt ? task.startedAt.getTime() + timeoutMs + graceMs : undefined;
}
