import type { NodeResult } from '@runtime-hub/protocol';
import { retryDelayMs } from '../node-options';
import { isFanOut } from '../node-targets';
import { decided, ignored } from './decision';
import type { Decision, Effect, EngineContext, FencedTaskWrite, Patch, Request, RunSnapshot } from './engine.types';
import { OPEN_NODE_STATUSES, settleNode } from './node-settlement';
import { boundedOutcome, FAIL_NODE_TYPE, lostAgent, quarantinedOutcome, retryKind, type AttemptOutcome } from './result.outcome';

/** Task states a result may close: delivered and not claimed yet (a fast node's result overtakes its claim), or running. */
export const RESULT_TASK_STATUSES = ['queued', 'running'] as const;

/**
 * A result (README "Record a result", steps 2-5):
 *
 * 2. An output over the limit is a failure (OUTPUT_TOO_LARGE); a node whose agent was lost
 *    too often is quarantined (TASK_QUARANTINED).
 * 3. Every write is fenced by the result's agent and attempt and the task being open: a
 *    duplicate, a late result or one of a superseded attempt changes nothing. When the
 *    snapshot holds the task, that is decided here; otherwise by the patch's guard.
 * 4. A failure that the error allows and the retry policy has attempts left for becomes the
 *    next attempt: on the same agent after the backoff (`prepare-retry`, then
 *    `retry-prepared`), or — the agent was lost — waiting for another agent. A `fail` node is
 *    never retried.
 * 5. Otherwise the node settles: a single task is the node, its task and node written in one
 *    statement; a fan-out cell's write tells whether it was the last open one, and the last
 *    settles the node (`fan-out-closed`).
 */
export function decideResult(result: NodeResult, snapshot: RunSnapshot, context: EngineContext): Decision {
  const row = snapshot.nodes.find((candidate) => candidate.nodeId === result.nodeId);
  const options = context.optionsOf(result.nodeId);
  if (!row || !options) return ignored('the run has no such node');
  const fenced = fencedOut(result, snapshot);
  if (fenced) return ignored(fenced);

  const fanOut = isFanOut(options.target);
  const agentLosses = lostAgent(result) && !fanOut ? row.agentLosses + 1 : row.agentLosses;
  const outcome = quarantinedOutcome(boundedOutcome(result, context.limits.maxOutputBytes), agentLosses, result, context.limits.maxAgentLosses);
  const retry = outcome.status === 'failed' && row.type !== FAIL_NODE_TYPE && retryKind(outcome, options, result.attempt, fanOut);

  const startedAt = new Date(result.startedAt);
  const finishedAt = new Date(result.finishedAt);
  const write: FencedTaskWrite = {
    key: { runId: snapshot.run.id, nodeId: result.nodeId, agentId: result.agentId, attempt: result.attempt },
    statusIn: RESULT_TASK_STATUSES,
    set:
      retry === 'same-agent'
        ? // The next attempt is built alone (NodePreparer.tasksFor): it carries no bundle.
          { attempt: result.attempt + 1, status: 'queued', output: null, error: null, startedAt: null, finishedAt: null, bundle: null }
        : {
            status: outcome.status,
            output: outcome.status === 'succeeded' ? (outcome.output ?? null) : null,
            error: outcome.status === 'failed' ? outcome.error : null,
            startedAt,
            finishedAt,
          },
  };

  // 3. + 5. in one statement, the common cases
  const open = OPEN_NODE_STATUSES.includes(row.status);
  if (!retry && open && agentLosses === row.agentLosses) {
    if (fanOut) return decided([{ kind: 'cell', write, required: true, effects: [{ kind: 'node-changed', nodeId: row.nodeId }] }]);
    const settled = settleNode(row, settlementOf(outcome), { startedAt, finishedAt });
    return decided([{ kind: 'task-and-node', write, guard: settled.guard, set: settled.set, effects: settled.effects, required: true }]);
  }

  const patches: Patch[] = [{ kind: 'task', write, required: true }];
  if (!open) return decided(patches);
  if (agentLosses !== row.agentLosses) patches.push({ kind: 'node', nodeId: row.nodeId, guard: {}, set: { agentLosses } });

  // 4. retries
  if (outcome.status === 'failed' && retry === 'same-agent') {
    const next = result.attempt + 1;
    const request: Request = { kind: 'prepare-retry', nodeId: row.nodeId, agentId: result.agentId, attempt: next, delayMs: retryDelayMs(options.retry, next), fanOut, failure: outcome.error };
    return decided(patches, [], [request]);
  }
  if (outcome.status === 'failed' && retry === 'other-agent') {
    const reason = `agent ${result.agentId} was lost during attempt ${result.attempt}; attempt ${result.attempt + 1} waits for another agent`;
    patches.push({ kind: 'node', nodeId: row.nodeId, guard: { statusIn: OPEN_NODE_STATUSES, attempt: row.attempt }, set: { status: 'waiting', waitingReason: reason, agentId: null } });
    const effects: Effect[] = [
      { kind: 'avoid-agent', nodeId: row.nodeId, agentId: result.agentId },
      { kind: 'log', nodeId: row.nodeId, attempt: result.attempt, line: `attempt ${result.attempt} failed (${outcome.error.code}: ${outcome.error.message}); moving to another agent` },
      { kind: 'node-changed', nodeId: row.nodeId },
    ];
    return decided(patches, effects);
  }

  // 5. settle
  if (fanOut) return decided(patches, [], [{ kind: 'settle-fan-out', nodeId: row.nodeId }]);
  const settled = settleNode(row, settlementOf(outcome), { startedAt, finishedAt });
  patches.push({ kind: 'node', nodeId: row.nodeId, guard: settled.guard, set: settled.set, effects: settled.effects });
  return decided(patches);
}

function settlementOf(outcome: AttemptOutcome) {
  return outcome.status === 'succeeded' ? { status: 'succeeded' as const, output: outcome.output, port: outcome.port } : { status: 'failed' as const, error: outcome.error };
}

/** Why a result is fenced out by the task the snapshot holds; undefined when it holds none or the result is current. */
function fencedOut(result: NodeResult, snapshot: RunSnapshot): string | undefined {
  if (!snapshot.tasks) return undefined;
  const task = snapshot.tasks.find((candidate) => candidate.nodeId === result.nodeId && candidate.agentId === result.agentId);
  if (!task || task.attempt !== result.attempt) return 'duplicate, late or superseded';
  if (!(RESULT_TASK_STATUSES as readonly string[]).includes(task.status)) return 'duplicate, late or superseded';
  return undefined;
}
