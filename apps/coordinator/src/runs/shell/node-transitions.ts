import { Inject, Injectable } from '@nestjs/common';
import type { NodeRunRow } from '@runtime-hub/db';
import type { RunError } from '@runtime-hub/protocol';
import { pourEffects } from '../core/engine/effects.pour';
import { OPEN_NODE_STATUSES, settleNode, type NodeSettlement } from '../core/engine/node-settlement';
import type { LockedRun } from './run-transactions';
import { RunsRepository, type TaskWrite } from '../adapters/runs.repository';

export { OPEN_NODE_STATUSES, type NodeSettlement };

export interface SettleTiming {
  /** When the work began (the agent's startedAt); default: the node's own startedAt, else now. */
  readonly startedAt?: Date | null;
  readonly finishedAt?: Date;
}

/**
 * The writes that settle a node, shared by every phase of the engine. Each is conditional on
 * the node being open and still at the attempt the caller read, so a phase that lost a race
 * (a cancel, a newer attempt) changes nothing. Callers hold the run's lock.
 */
@Injectable()
export class NodeTransitions {
  constructor(@Inject(RunsRepository) private readonly runs: RunsRepository) {}

  /**
   * Succeeded (with its output and the port it fired, default `out`) or failed (with its
   * error). With `task`, the task's conditional update is made in the same statement and the
   * node settles only when the task was still at its attempt (a result's one write).
   */
  async settle(locked: LockedRun, row: NodeRunRow, settlement: NodeSettlement, timing: SettleTiming = {}, task?: TaskWrite): Promise<NodeRunRow | undefined> {
    const settled = settleNode(row, settlement, { ...timing, finishedAt: timing.finishedAt ?? new Date() });
    const updated = task
      ? await this.runs.updateNodeRunWithTask(locked.tx, task, settled.set, settled.guard)
      : await this.runs.updateNodeRun(locked.tx, row.runId, row.nodeId, settled.set, settled.guard);
    if (updated) pourEffects(row.runId, settled.effects, locked.effects, new Date());
    return updated;
  }

  /** A failure decided by the coordinator before any agent ran the node (templates, config, child runs). */
  async fail(locked: LockedRun, row: NodeRunRow, error: RunError): Promise<NodeRunRow | undefined> {
    return this.settle(locked, row, { status: 'failed', error });
  }
}
