import { plan, type Plan } from '@runtime-hub/graph';
import { EARLIER_ATTEMPT_CLEARED } from '../earlier-attempt';
import { nodeStates } from '../node-states';
import { runError, withNodeId } from '../run-errors';
import { parentNotified } from './decide.cancel';
import { decided, ignored } from './decision';
import type { Decision, Effect, EngineContext, NodePreparation, Patch, Preparation, RunSnapshot, SnapshotNode, SnapshotRun } from './engine.types';
import { settleNode } from './node-settlement';
import { dispatchRowsOf } from '../task-bundle';

/**
 * An advance's locked step (README "Advance", step 3), for the nodes the shell prepared:
 *
 * 1. plan on the snapshot's rows; the planner's `skipped` are marked skipped;
 * 2. each ready or waiting node: a child-run node (`workflow.call`, `foreach`, `repeat`) is
 *    `running` at attempt + 1 and its children are begun after the commit; an agent node
 *    takes its preparation when the preparation is still for the node's status and attempt
 *    (else another round): queued at attempt + 1 with one task row per agent and its jobs
 *    dispatched, waiting with the directory's reason (written only when it changed), or
 *    failed; coordinator-decided control nodes are left to the shell's decider (their
 *    executors run in the expression sandbox);
 * 3. when the planner reports an outcome and nothing is left for another round, the run ends:
 *    `succeeded`, or `failed` with its first unhandled failure as the run's error.
 */
export function decideAdvance(preparations: ReadonlyMap<string, NodePreparation>, snapshot: RunSnapshot, context: EngineContext): Decision {
  const { run } = snapshot;
  if (run.status !== 'running') return ignored(`run ${run.id} is ${run.status}`);
  if (!context.graph) throw new Error('decideAdvance needs the workflow graph');
  const { now } = context;
  const planned = plan(context.graph, nodeStates(snapshot.nodes));
  const patches: Patch[] = [];
  const effects: Effect[] = [];
  let again = false;

  // 1.
  for (const nodeId of planned.skipped) {
    patches.push({ kind: 'node', nodeId, guard: { statusIn: ['pending'] }, set: { status: 'skipped', finishedAt: now, waitingReason: null }, effects: [{ kind: 'node-changed', nodeId }] });
  }
  // 2.
  const ready = new Set(planned.ready);
  const candidates = snapshot.nodes.filter((row) => (ready.has(row.nodeId) && row.status === 'pending') || row.status === 'waiting');
  for (const row of candidates) {
    const execution = context.executionOf?.(row.nodeId) ?? 'agent';
    if (execution === 'coordinator') continue;
    if (execution === 'child-runs') {
      patches.push(...decideChildRunStart(row, run.id, now).patches);
      continue;
    }
    const preparation = preparations.get(row.nodeId);
    if (!preparation || preparation.attempt !== row.attempt) {
      again = true;
      continue;
    }
    const applied = decidePreparation(row, preparation, run.id, now);
    patches.push(...applied.decision.patches);
    effects.push(...applied.decision.effects);
    if (applied.failed) again = true;
  }
  // 3.
  if (!again && planned.outcome) patches.push(...decideRunEnd(run, snapshot.nodes, planned.outcome, now).patches);
  return { ...decided(patches, effects), again };
}

/** A `workflow.call` / `foreach` / `repeat` node runs while its child runs do: `running` at attempt + 1, its children begun after the commit. */
export function decideChildRunStart(row: SnapshotNode, runId: string, now: Date): Decision {
  const attempt = row.attempt + 1;
  return decided([
    {
      kind: 'node',
      nodeId: row.nodeId,
      guard: { statusIn: ['pending', 'waiting'], attempt: row.attempt },
      set: { status: 'running', attempt, agentId: null, ...EARLIER_ATTEMPT_CLEARED, queuedAt: now, startedAt: now },
      effects: [{ kind: 'node-changed', nodeId: row.nodeId }, { kind: 'follow-up', work: { kind: 'begin-children', runId, nodeId: row.nodeId, attempt } }],
    },
  ]);
}

/**
 * A prepared agent node's write, when the node is still in the state it was prepared for:
 * failed (its downstream needs another plan: `failed`), waiting with the directory's reason
 * (written only when it changed), or queued at attempt + 1 with one task row per agent and its
 * jobs dispatched after the commit.
 */
export function decidePreparation(row: SnapshotNode, preparation: Preparation, runId: string, now: Date): { decision: Decision; failed: boolean } {
  const guard = { statusIn: ['pending', 'waiting'] as const, attempt: row.attempt };
  switch (preparation.kind) {
    case 'failed': {
      const settled = settleNode(row, { status: 'failed', error: preparation.error }, { finishedAt: now });
      const patch: Patch = { kind: 'node', nodeId: row.nodeId, guard: settled.guard, set: settled.set, effects: settled.effects };
      return { decision: decided([patch], [{ kind: 'clear-avoid', nodeId: row.nodeId }]), failed: true };
    }
    case 'waiting':
      if (row.status === 'waiting' && row.waitingReason === preparation.reason) return { decision: decided([]), failed: false };
      return {
        decision: decided([{ kind: 'node', nodeId: row.nodeId, guard, set: { status: 'waiting', waitingReason: preparation.reason }, effects: [{ kind: 'node-changed', nodeId: row.nodeId }] }]),
        failed: false,
      };
    case 'dispatch': {
      const attempt = row.attempt + 1;
      const { nodeAgentId: agentId, agentIds, bundle } = dispatchRowsOf(preparation);
      const dispatched: Effect[] = [
        ...preparation.tasks.map((task): Effect => ({ kind: 'dispatch', task, delayMs: 0 })),
        { kind: 'node-changed', nodeId: row.nodeId },
        { kind: 'clear-avoid', nodeId: row.nodeId },
      ];
      return {
        decision: decided([
          {
            kind: 'node',
            nodeId: row.nodeId,
            guard,
            set: { status: 'queued', attempt, agentId, ...EARLIER_ATTEMPT_CLEARED, queuedAt: now },
            effects: dispatched,
            then: [{ kind: 'replace-tasks', nodeId: row.nodeId, rows: agentIds.map((taskAgentId) => ({ runId, nodeId: row.nodeId, agentId: taskAgentId, attempt, status: 'queued' as const, ...(bundle ? { bundle } : {}) })) }],
          },
        ]),
        failed: false,
      };
    }
  }
}

/**
 * The planner reported an outcome: the run ends (still `running`), `succeeded` or `failed`
 * with its first unhandled failure as the run's error, published as written, and a parent is
 * told its child ended.
 */
export function decideRunEnd(run: SnapshotRun, rows: readonly Pick<SnapshotNode, 'nodeId' | 'error'>[], outcome: NonNullable<Plan['outcome']>, now: Date): Decision {
  const { status } = outcome;
  const error = status === 'failed' ? firstFailure(new Map(rows.map((row) => [row.nodeId, row])), outcome.failedNodes) : null;
  return decided([
    {
      kind: 'run',
      statusIn: ['running'],
      set: { status, finishedAt: now, error },
      effects: [{ kind: 'run-changed', withRow: true }, { kind: 'run-reached', status }, ...parentNotified(run)],
    },
  ]);
}

/** The run's error: the first unhandled failure, in the planner's order. */
export function firstFailure(rows: ReadonlyMap<string, Pick<SnapshotNode, 'nodeId' | 'error'>>, failedNodes: NonNullable<Plan['outcome']>['failedNodes']) {
  const [first] = failedNodes;
  const row = first !== undefined ? rows.get(first) : undefined;
  if (row?.error) return withNodeId(row.error, row.nodeId);
  return runError('NODE_FAILED', `node "${first ?? '?'}" failed`, first !== undefined ? { nodeId: first } : {});
}
