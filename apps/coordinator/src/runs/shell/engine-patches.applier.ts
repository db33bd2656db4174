import type { NodeRunRow, RunRow } from '@runtime-hub/db';
import { closedTaskEffects } from '../core/engine/decide.cancel';
import type { Decision, Effect, Patch, Request } from '../core/engine/engine.types';
import { pourEffects, type AvoidHints } from '../core/engine/effects.pour';
import type { NodeTasksRepository } from '../adapters/node-tasks.repository';
import type { RunsRepository } from '../adapters/runs.repository';
import type { TransactionEnd } from '../../persistence/locking-transaction';
import type { LockedRun } from './run-transactions';

/** The repositories a decision's patches are written through. */
export interface PatchStores {
  readonly runs: RunsRepository;
  /** Absent in a phase whose decisions write no task (a child run's sync). */
  readonly tasks?: NodeTasksRepository;
  /** The directory's in-memory hints (shell/agent-avoid-hints.ts). */
  readonly hints?: AvoidHints;
}

export interface AppliedDecision {
  /** False when a required write changed nothing: the event was ignored (a duplicate, a late result). */
  readonly applied: boolean;
  readonly requests: readonly Request[];
  /** The node rows the writes returned, by node id. */
  readonly nodes: ReadonlyMap<string, NodeRunRow>;
  /** The run row its write returned. */
  readonly run?: RunRow;
}

/**
 * Carries out a decision of the engine's core (core/engine) in the run's transaction: each
 * patch through the repository method that makes the same conditional write (one statement
 * per patch, two for `close-open`, one for a settle and the run's end that follows it only),
 * in order; a write's effects only when it changed a row;
 * a required write that changed nothing drops the rest. The effects go to the transaction's
 * RunEffects, carried out after the commit.
 */
export async function applyDecision(locked: LockedRun, decision: Decision, stores: PatchStores, lastOfTransaction?: TransactionEnd): Promise<AppliedDecision> {
  const state = { requests: [...decision.requests], nodes: new Map<string, NodeRunRow>(), run: undefined as RunRow | undefined, effects: [] as Effect[] };
  // `lastOfTransaction`: the caller's word that nothing follows the decision in its transaction;
  // only a decision of one patch and no request then writes one statement, which carries the COMMIT.
  const commit = decision.patches.length === 1 && decision.requests.length === 0 ? lastOfTransaction : undefined;
  const write = async (patches: readonly Patch[]): Promise<boolean> => {
    for (const patch of patches) {
      // A settle whose only follow-up is the run's end (core/engine fold-run-end.ts): one statement.
      const folded = await writeSettleAndEnd(locked, patch, stores, state, commit);
      if (folded) {
        if (!folded.settled) {
          if (patch.required) return false;
          continue;
        }
        state.effects.push(...(patch.effects ?? []));
        if (folded.ended) state.effects.push(...(folded.end.effects ?? []));
        continue;
      }
      const hit = await writePatch(locked, patch, stores, state);
      if (hit) {
        state.effects.push(...(patch.effects ?? []));
        if (patch.then && !(await write(patch.then))) return false;
      } else if (patch.required) return false;
    }
    return true;
  };
  if (decision.ignored !== undefined || !(await write(decision.patches))) return { applied: false, requests: [], nodes: state.nodes };
  const now = new Date();
  pourEffects(locked.run.id, [...state.effects, ...decision.effects], locked.effects, now, stores.hints, state.run);
  return { applied: true, requests: state.requests, nodes: state.nodes, ...(state.run ? { run: state.run } : {}) };
}

interface WriteState {
  readonly requests: Request[];
  readonly nodes: Map<string, NodeRunRow>;
  run: RunRow | undefined;
  readonly effects: Effect[];
}

type RunPatchOf = Extract<Patch, { kind: 'run' }>;

/**
 * A `task-and-node` patch whose one follow-up is a `run` patch, both of the prepared
 * statements' shapes, written as one statement (the run changes only if the node did).
 * Undefined for any other patch, which is written as usual.
 */
async function writeSettleAndEnd(
  locked: LockedRun,
  patch: Patch,
  stores: PatchStores,
  state: WriteState,
  commit: TransactionEnd | undefined,
): Promise<{ readonly settled: boolean; readonly ended: boolean; readonly end: RunPatchOf } | undefined> {
  if (patch.kind !== 'task-and-node' || patch.then?.length !== 1) return undefined;
  const [end] = patch.then;
  if (end?.kind !== 'run' || end.then !== undefined) return undefined;
  const written = await stores.runs.settleNodeWithTaskAndEndRun(
    locked.tx,
    { task: { key: patch.write.key, statusIn: patch.write.statusIn, patch: patch.write.set }, patch: patch.set, guard: patch.guard },
    { patch: end.set, statusIn: end.statusIn },
    commit,
  );
  if (!written) return undefined;
  if (written.node) state.nodes.set(written.node.nodeId, written.node);
  if (written.run) state.run = written.run;
  return { settled: written.node !== undefined, ended: written.run !== undefined, end };
}

async function writePatch(locked: LockedRun, patch: Patch, stores: PatchStores, state: WriteState): Promise<boolean> {
  const { tx, run } = locked;
  const { runs } = stores;
  const tasks = {
    get repository(): NodeTasksRepository {
      if (!stores.tasks) throw new Error(`a ${patch.kind} patch needs the node tasks repository, which this phase does not pass`);
      return stores.tasks;
    },
  };
  const kept = (row: NodeRunRow | undefined): boolean => {
    if (row) state.nodes.set(row.nodeId, row);
    return row !== undefined;
  };
  switch (patch.kind) {
    case 'run': {
      const row = await runs.updateRun(tx, run.id, patch.set, patch.statusIn);
      if (row) state.run = row;
      return row !== undefined;
    }
    case 'node':
      return kept(await runs.updateNodeRun(tx, run.id, patch.nodeId, patch.set, patch.guard));
    case 'task':
      return (await tasks.repository.updateTask(tx, patch.write.key, patch.write.statusIn, patch.write.set)) !== undefined;
    case 'task-and-node':
      return kept(await runs.updateNodeRunWithTask(tx, { key: patch.write.key, statusIn: patch.write.statusIn, patch: patch.write.set }, patch.set, patch.guard));
    case 'cell': {
      const cell = await tasks.repository.updateCell(tx, patch.write.key, patch.write.statusIn, patch.write.set);
      if (cell?.otherOpenCells === 0) state.requests.push({ kind: 'settle-fan-out', nodeId: patch.write.key.nodeId });
      return cell !== undefined;
    }
    case 'replace-tasks':
      await tasks.repository.replaceTasks(tx, run.id, patch.nodeId, patch.rows);
      return true;
    case 'bundled-steps':
      return (await runs.settleBundledSteps(tx, run.id, patch.steps)).size > 0;
    case 'drop-tasks':
      await tasks.repository.deleteTasksOfNodes(tx, run.id, patch.nodeIds);
      return true;
    case 'close-open': {
      // Tasks before nodes, in the order a claim locks them (README "Rules every phase keeps").
      const closedTasks = await tasks.repository.cancelOpenTasks(tx, run.id, { finishedAt: patch.at, error: patch.error });
      for (const node of await runs.cancelOpenNodes(tx, run.id, { finishedAt: patch.at, waitingReason: null, error: { ...patch.error } })) {
        state.effects.push({ kind: 'node-changed', nodeId: node.nodeId });
      }
      for (const { before, row } of closedTasks) {
        state.effects.push(...closedTaskEffects(before, { runId: row.runId, nodeId: row.nodeId, agentId: row.agentId, attempt: row.attempt }));
      }
      return true;
    }
    case 'insert-run':
      await runs.insertRuns(tx, [patch.row]);
      return true;
    case 'insert-nodes':
      await runs.insertNodeRuns(tx, patch.rows);
      return true;
  }
}
