import { isFanOut } from '../node-targets';
import { runError } from '../run-errors';
import { decided, ignored } from './decision';
import type { Decision, EngineContext, RunSnapshot, SnapshotTask } from './engine.types';
import { failedAttemptResult, stillCurrent } from './failed-attempt';

/**
 * A lost agent's task (README "A lost agent", step 2), still at the attempt read:
 * - queued, single-target node: the task is dropped and the node waits for another agent. It
 *   keeps the attempt number when the job was removed (that attempt never ran); otherwise the
 *   next dispatch takes attempt + 1, so the lost agent's claim of the old one is refused.
 * - running, or a fan-out cell: a failed attempt with AGENT_LOST (retryable), recorded as a
 *   result (`record-failure`), so the node's retry policy moves it to another agent; a
 *   fan-out cell fails, as no other host can do that host's part.
 */
export function decideAgentLost(read: SnapshotTask, jobRemoved: boolean, snapshot: RunSnapshot, context: EngineContext): Decision {
  const { run } = snapshot;
  if (run.status !== 'running') return ignored(`run ${run.id} is ${run.status}`);
  const task = stillCurrent(snapshot.tasks, read, ['queued', 'running']);
  if (!task) return ignored('the task moved on');
  const options = context.optionsOf(task.nodeId);
  if (!options) return ignored('the run has no such node');

  if (task.status === 'running' || isFanOut(options.target)) {
    const when = task.status === 'running' ? 'while running' : 'before starting';
    const error = runError('AGENT_LOST', `agent ${task.agentId} went offline ${when} attempt ${task.attempt}`, { nodeId: task.nodeId, details: { agentId: task.agentId } });
    return decided([], [], [{ kind: 'record-failure', result: failedAttemptResult(task, error, context.now) }]);
  }

  const row = snapshot.nodes.find((candidate) => candidate.nodeId === task.nodeId);
  if (!row || row.status !== 'queued') return ignored('the node is not queued');
  const reason = `agent ${task.agentId} went offline before attempt ${task.attempt} started; waiting for another agent`;
  return decided(
    [
      { kind: 'replace-tasks', nodeId: task.nodeId, rows: [] },
      {
        kind: 'node',
        nodeId: task.nodeId,
        guard: { statusIn: ['queued'], attempt: row.attempt },
        set: { status: 'waiting', waitingReason: reason, agentId: null, attempt: jobRemoved ? task.attempt - 1 : task.attempt },
      },
    ],
    [
      { kind: 'avoid-agent', nodeId: task.nodeId, agentId: task.agentId },
      { kind: 'log', nodeId: task.nodeId, attempt: task.attempt, line: reason },
      { kind: 'node-changed', nodeId: task.nodeId },
    ],
  );
}

/**
 * An agent registered again without a task it was running before (README "A returning
 * agent"): the attempt was lost with its previous process, a failed attempt with AGENT_LOST.
 */
export function decideAgentReturned(read: SnapshotTask, snapshot: RunSnapshot, context: EngineContext): Decision {
  if (snapshot.run.status !== 'running') return ignored(`run ${snapshot.run.id} is ${snapshot.run.status}`);
  const task = stillCurrent(snapshot.tasks, read, ['running']);
  if (!task) return ignored('the task moved on');
  const error = runError('AGENT_LOST', `agent ${task.agentId} restarted while running attempt ${task.attempt} and no longer holds it`, {
    nodeId: task.nodeId,
    details: { agentId: task.agentId },
  });
  return decided([], [], [{ kind: 'record-failure', result: failedAttemptResult(task, error, context.now) }]);
}
