import { TERMINAL_NODE_RUN_STATUSES, type NodeRunStatus, type NodeTaskStatus, type RunError, type RunStatus } from '@runtime-hub/protocol';
import { closedTaskEffects } from './decide.cancel';
import type { BundledStepWrite, Decision, Effect, FencedTaskWrite, NodeGuard, Patch, Request, RunSnapshot, SnapshotNode, SnapshotRun, SnapshotTask } from './engine.types';

/** A run held in memory: what the specs apply decisions to, the way Postgres applies them in the shell. */
export interface MemoryRun {
  run: SnapshotRun & { error?: RunError | null; finishedAt?: Date | null };
  nodes: Map<string, SnapshotNode & Record<string, unknown>>;
  /** Keyed `nodeId/agentId`: one row per (node run, agent), as in node_tasks. */
  tasks: Map<string, SnapshotTask>;
}

export interface Applied {
  /** False when a required patch changed nothing: the event was ignored. */
  readonly applied: boolean;
  readonly effects: readonly Effect[];
  readonly requests: readonly Request[];
}

const OPEN_TASK_STATUSES: readonly NodeTaskStatus[] = ['waiting', 'queued', 'running'];

export function snapshotOf(model: MemoryRun): RunSnapshot {
  return { run: { ...model.run }, nodes: [...model.nodes.values()].map((row) => ({ ...row })), tasks: [...model.tasks.values()].map((task) => ({ ...task })) };
}

/**
 * Applies a decision's patches in order with the guards Postgres applies (shell/
 * engine-patches.applier.ts): a write whose guard does not hold changes nothing and brings
 * none of its effects; a required one that does not hold drops the rest of the decision.
 */
export function applyInMemory(model: MemoryRun, decision: Decision): Applied {
  const effects: Effect[] = [];
  const requests: Request[] = [...decision.requests];
  const run = (patches: readonly Patch[]): boolean => {
    for (const patch of patches) {
      const hit = applyPatch(model, patch, effects, requests);
      if (hit) {
        effects.push(...(patch.effects ?? []));
        if (patch.then && !run(patch.then)) return false;
      } else if (patch.required) return false;
    }
    return true;
  };
  if (decision.ignored !== undefined || !run(decision.patches)) return { applied: false, effects: [], requests: [] };
  return { applied: true, effects: [...effects, ...decision.effects], requests };
}

function applyPatch(model: MemoryRun, patch: Patch, effects: Effect[], requests: Request[]): boolean {
  switch (patch.kind) {
    case 'run':
      if (patch.statusIn && !patch.statusIn.includes(model.run.status)) return false;
      Object.assign(model.run, patch.set);
      return true;
    case 'node':
      return writeNode(model, patch.nodeId, patch.guard, patch.set);
    case 'task':
      return writeTask(model, patch.write);
    case 'task-and-node':
      return writeTask(model, patch.write) && writeNode(model, patch.write.key.nodeId, patch.guard, patch.set);
    case 'cell': {
      if (!writeTask(model, patch.write)) return false;
      const { nodeId, agentId } = patch.write.key;
      const othersOpen = [...model.tasks.values()].some((task) => task.nodeId === nodeId && task.agentId !== agentId && OPEN_TASK_STATUSES.includes(task.status));
      if (!othersOpen) requests.push({ kind: 'settle-fan-out', nodeId });
      return true;
    }
    case 'bundled-steps': {
      const written = patch.steps.filter((step) => writeNode(model, step.nodeId, { statusIn: ['pending'], attempt: step.expectedAttempt }, settledStep(step)));
      for (const step of written) model.tasks.set(`${step.nodeId}/${step.agentId}`, { runId: model.run.id, nodeId: step.nodeId, agentId: step.agentId, attempt: step.attempt, status: 'succeeded', output: step.output, error: null, startedAt: step.startedAt, finishedAt: step.finishedAt });
      return written.length > 0;
    }
    case 'drop-tasks':
      for (const [key, task] of model.tasks) if (patch.nodeIds.includes(task.nodeId)) model.tasks.delete(key);
      return true;
    case 'replace-tasks':
      for (const [key, task] of model.tasks) if (task.nodeId === patch.nodeId) model.tasks.delete(key);
      for (const row of patch.rows) {
        model.tasks.set(`${row.nodeId}/${row.agentId}`, { runId: row.runId, nodeId: row.nodeId, agentId: row.agentId, attempt: row.attempt, status: row.status ?? 'queued', output: null, error: null, startedAt: null, finishedAt: null });
      }
      return true;
    case 'close-open':
      for (const row of model.nodes.values()) {
        if (TERMINAL_NODE_RUN_STATUSES.includes(row.status)) continue;
        Object.assign(row, { status: 'cancelled' satisfies NodeRunStatus, finishedAt: patch.at, waitingReason: null, error: patch.error });
        effects.push({ kind: 'node-changed', nodeId: row.nodeId });
      }
      for (const task of model.tasks.values()) {
        if (!OPEN_TASK_STATUSES.includes(task.status)) continue;
        effects.push(...closedTaskEffects(task.status, { runId: task.runId, nodeId: task.nodeId, agentId: task.agentId, attempt: task.attempt }));
        Object.assign(task, { status: 'cancelled', finishedAt: patch.at, error: patch.error });
      }
      return true;
    case 'insert-run':
      Object.assign(model.run, { id: patch.row.id, status: (patch.row.status ?? 'pending') satisfies RunStatus });
      return true;
    case 'insert-nodes':
      for (const row of patch.rows) {
        if (model.nodes.has(row.nodeId)) continue;
        model.nodes.set(row.nodeId, { runId: row.runId, nodeId: row.nodeId, type: row.type, status: row.status ?? 'pending', attempt: row.attempt ?? 0, agentId: null, port: null, error: null, agentLosses: 0, startedAt: null, waitingReason: null });
      }
      return true;
  }
}

function settledStep(step: BundledStepWrite): object {
  return { status: 'succeeded' satisfies NodeRunStatus, attempt: step.attempt, agentId: step.agentId, port: step.port, output: step.output, error: null, startedAt: step.startedAt, finishedAt: step.finishedAt };
}

function writeNode(model: MemoryRun, nodeId: string, guard: NodeGuard, set: object): boolean {
  const row = model.nodes.get(nodeId);
  if (!row) return false;
  if (guard.statusIn && !guard.statusIn.includes(row.status)) return false;
  if (guard.attempt !== undefined && row.attempt !== guard.attempt) return false;
  Object.assign(row, set);
  return true;
}

function writeTask(model: MemoryRun, write: FencedTaskWrite): boolean {
  const task = model.tasks.get(`${write.key.nodeId}/${write.key.agentId}`);
  if (!task || task.attempt !== write.key.attempt || !write.statusIn.includes(task.status)) return false;
  Object.assign(task, write.set);
  return true;
}
