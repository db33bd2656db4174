import { decided, ignored } from './decision';
import type { Decision, RunSnapshot, TaskClaimEvent } from './engine.types';

/** Task states at which a repeated claim of the same attempt by the same agent is accepted (a delivery after a restart). */
const CLAIMED_OR_SETTLED = new Set(['running', 'succeeded', 'failed']);

/**
 * An agent's acceptance of a delivered task (README "Claim"): the run must be running; the
 * task goes `queued -> running` only at the delivered attempt and agent, and the node is
 * `running` from its first claimed task on. The same agent accepting the same attempt again
 * changes nothing and is allowed. A refusal says why.
 */
export function decideClaim(claim: TaskClaimEvent, snapshot: RunSnapshot): Decision {
  const { run } = snapshot;
  if (run.status !== 'running') return ignored(`run ${run.id} is ${run.status}`);
  const what = `node ${claim.nodeId} attempt ${claim.attempt}`;
  const task = snapshot.tasks?.find((candidate) => candidate.nodeId === claim.nodeId && candidate.agentId === claim.agentId);
  if (!task) return ignored(`${what} is not assigned to this agent`);
  if (task.attempt !== claim.attempt) return ignored(`${what} was superseded by attempt ${task.attempt}`);
  if (CLAIMED_OR_SETTLED.has(task.status)) return decided([]);
  if (task.status !== 'queued') return ignored(`${what} is ${task.status}`);
  const key = { runId: run.id, nodeId: claim.nodeId, agentId: claim.agentId, attempt: claim.attempt };
  return decided([
    { kind: 'task', write: { key, statusIn: ['queued'], set: { status: 'running', startedAt: claim.at } }, required: true },
    { kind: 'node', nodeId: claim.nodeId, guard: { statusIn: ['queued'] }, set: { status: 'running', startedAt: claim.at }, effects: [{ kind: 'node-changed', nodeId: claim.nodeId }] },
  ]);
}
