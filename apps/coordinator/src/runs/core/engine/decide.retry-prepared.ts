import type { NodeTask, RunError } from '@runtime-hub/protocol';
import { decided, ignored } from './decision';
import type { Decision, Effect, EngineContext, Patch, Request, RunSnapshot } from './engine.types';
import { OPEN_NODE_STATUSES, settleNode } from './node-settlement';

type RetryRequest = Extract<Request, { kind: 'prepare-retry' }>;
type Built = { readonly ok: true; readonly tasks: readonly NodeTask[] } | { readonly ok: false; readonly error: RunError };

/**
 * The next attempt on the same agent was prepared (README "Record a result", step 4): the node
 * is queued at that attempt and its task dispatched after the backoff, with a `system` line in
 * the run's log. A config that no longer resolves fails the task and the node with that reason.
 */
export function decideRetryPrepared(request: RetryRequest, built: Built, snapshot: RunSnapshot, context: EngineContext): Decision {
  const row = snapshot.nodes.find((candidate) => candidate.nodeId === request.nodeId);
  if (!row) return ignored('the run has no such node');
  const key = { runId: snapshot.run.id, nodeId: request.nodeId, agentId: request.agentId, attempt: request.attempt };
  if (!built.ok) {
    const settled = settleNode(row, { status: 'failed', error: built.error }, { finishedAt: context.now });
    return decided([
      { kind: 'task', write: { key, statusIn: ['queued'], set: { status: 'failed', error: built.error, finishedAt: context.now } } },
      { kind: 'node', nodeId: row.nodeId, guard: settled.guard, set: settled.set, effects: settled.effects },
    ]);
  }
  const { attempt, delayMs, failure } = request;
  const patch: Patch = {
    kind: 'node',
    nodeId: row.nodeId,
    guard: { statusIn: OPEN_NODE_STATUSES },
    set: request.fanOut ? { attempt: Math.max(row.attempt, attempt) } : { attempt, status: 'queued', error: null, queuedAt: context.now },
  };
  const effects: Effect[] = [
    ...built.tasks.map((task): Effect => ({ kind: 'dispatch', task, delayMs })),
    { kind: 'log', nodeId: row.nodeId, attempt: attempt - 1, line: `attempt ${attempt - 1} failed (${failure.code}: ${failure.message}); attempt ${attempt} starts in ${delayMs} ms` },
    { kind: 'node-changed', nodeId: row.nodeId },
  ];
  return decided([patch], effects);
}
