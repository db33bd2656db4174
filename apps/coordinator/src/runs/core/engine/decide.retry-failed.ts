import { EARLIER_ATTEMPT_CLEARED } from '../earlier-attempt';
import { decided, ignored } from './decision';
import type { Decision, EngineContext, Patch, RunSnapshot } from './engine.types';
import { nodesToRetry } from './nodes-to-retry';

/**
 * A manual retry (README "Retry failed nodes"): only a run that finished `failed`. The nodes of
 * nodesToRetry go back to `pending` (attempt counters keep counting, so a result of an earlier
 * attempt is still fenced off; an operator retrying a quarantined node gives it a fresh
 * chance), their tasks are dropped, the run is `running` again (and is advanced after).
 */
export function decideRetryFailed(snapshot: RunSnapshot, context: EngineContext): Decision {
  const { run } = snapshot;
  if (run.status !== 'failed') return ignored(`run ${run.id} is ${run.status}`);
  if (!context.graph) throw new Error('decideRetryFailed needs the workflow graph');
  const reset = nodesToRetry(context.graph, snapshot.nodes);
  const patches: Patch[] = reset.map((nodeId) => ({
    kind: 'node',
    nodeId,
    guard: {},
    set: { status: 'pending', agentId: null, ...EARLIER_ATTEMPT_CLEARED, queuedAt: null, agentLosses: 0 },
    effects: [{ kind: 'node-changed', nodeId }],
  }));
  patches.push({ kind: 'drop-tasks', nodeIds: reset });
  patches.push({ kind: 'run', set: { status: 'running', error: null, finishedAt: null, recoveries: 0 } });
  return decided(patches, [
    { kind: 'run-changed' },
    { kind: 'run-reached', status: 'running' },
    { kind: 'active-runs', delta: 1 },
  ]);
}
