import { plan, type WorkflowGraph } from '@runtime-hub/graph';
import { isTerminalNodeRunStatus } from '@runtime-hub/protocol';
import { nodeStates } from '../node-states';
import { decideRunEnd } from './decide.advance';
import type { Decision, Patch, SnapshotNode, SnapshotRun } from './engine.types';

/**
 * A result's decision with the run's end folded in, when the node it settles is the run's last
 * one: the settle's patch (a task and its node) gets the run's end as its `then`, so the run
 * ends only if the settle changed its row, and the shell writes both in one statement
 * (engine-patches.applier.ts). Otherwise the decision as it is, and the advance after it ends
 * the run as before.
 *
 * "Last" is what the advance would find on the rows as the settle leaves them: nothing ready,
 * nothing to skip, nothing waiting for an agent, and the planner's outcome (decideRunEnd,
 * exactly the advance's end). `rows` are every node row of the run, read under its lock.
 */
export function foldRunEnd(decision: Decision, graph: WorkflowGraph, run: SnapshotRun, rows: readonly SnapshotNode[], now: Date): Decision {
  const [settle, ...others] = decision.patches;
  if (decision.ignored !== undefined || decision.requests.length > 0 || others.length > 0) return decision;
  if (run.status !== 'running' || settle?.kind !== 'task-and-node' || (settle.then?.length ?? 0) > 0) return decision;
  const status = settle.set.status;
  if (status === undefined || !isTerminalNodeRunStatus(status)) return decision;

  // The node's guard as the lock read it, and the result of the node's current attempt (the
  // task's own guard is left to the database, as always): anything else will not settle.
  const { guard, write } = settle;
  const nodeId = write.key.nodeId;
  const before = rows.find((row) => row.nodeId === nodeId);
  if (!before || write.key.attempt !== before.attempt) return decision;
  if ((guard.attempt !== undefined && before.attempt !== guard.attempt) || (guard.statusIn && !guard.statusIn.includes(before.status))) return decision;
  // The row as the settle leaves it (a key the settle leaves undefined is not written).
  const written = Object.fromEntries(Object.entries(settle.set).filter(([, value]) => value !== undefined));
  const after: SnapshotNode[] = rows.map((row) => (row.nodeId === nodeId ? { ...row, ...written, status } : row));
  const planned = plan(graph, nodeStates(after));
  if (!planned.outcome || planned.ready.length > 0 || planned.skipped.length > 0 || after.some((row) => row.status === 'waiting')) return decision;

  const end = decideRunEnd(run, after, planned.outcome, now);
  const endPatches: Patch[] = end.patches.map((patch, index) => (index === 0 ? { ...patch, effects: [...(patch.effects ?? []), ...end.effects] } : patch));
  return { ...decision, patches: [{ ...settle, then: endPatches }] };
}
