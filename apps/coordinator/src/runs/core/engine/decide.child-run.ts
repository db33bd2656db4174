import type { RunRow } from '@runtime-hub/db';
import { runError } from '../run-errors';
import { decided, ignored } from './decision';
import type { Decision, EngineContext, RunSnapshot } from './engine.types';
import { OPEN_NODE_STATUSES, settleNode } from './node-settlement';

/**
 * A `workflow.call` node's child run finished (README "Child runs", sync): the node succeeds
 * with `{ runId, status, outputs }`, or fails with CHILD_RUN_FAILED; the parent is advanced
 * after the commit. (`foreach` and `repeat` decide with foreach.schedule.ts and
 * repeat.decision.ts; a repeat's `until` needs the expression sandbox.)
 */
export function decideChildRunFinished(
  event: { nodeId: string; child: Pick<RunRow, 'id' | 'status' | 'error'>; outputs: Record<string, unknown> },
  snapshot: RunSnapshot,
  context: EngineContext,
): Decision {
  const row = snapshot.nodes.find((candidate) => candidate.nodeId === event.nodeId);
  if (!row || !OPEN_NODE_STATUSES.includes(row.status)) return ignored('the node has settled');
  const { child } = event;
  if (child.status === 'pending' || child.status === 'running' || child.status === 'queued') return ignored(`child run ${child.id} is ${child.status}`);
  const settlement =
    child.status === 'succeeded'
      ? { status: 'succeeded' as const, output: { runId: child.id, status: child.status, outputs: event.outputs } }
      : { status: 'failed' as const, error: childRunFailed(row.nodeId, child) };
  const settled = settleNode(row, settlement, { finishedAt: context.now });
  return decided([
    {
      kind: 'node',
      nodeId: row.nodeId,
      guard: settled.guard,
      set: settled.set,
      effects: [...settled.effects, { kind: 'follow-up', work: { kind: 'advance', runId: snapshot.run.id } }],
    },
  ]);
}

/** CHILD_RUN_FAILED naming the child (and the iteration, for a repeat) and its error. */
export function childRunFailed(nodeId: string, child: Pick<RunRow, 'id' | 'status' | 'error'>, iteration?: number) {
  const which = iteration !== undefined ? `iteration ${iteration} (child run ${child.id})` : `child run ${child.id}`;
  return runError('CHILD_RUN_FAILED', `${which} ${child.status}${child.error ? `: ${child.error.message}` : ''}`, {
    nodeId,
    details: { runId: child.id, status: child.status, ...(child.error ? { error: child.error } : {}) },
  });
}
