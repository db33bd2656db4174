import { Inject, Injectable } from '@nestjs/common';
import type { NodeRunRow } from '@runtime-hub/db';
import { DEFAULT_OUTPUT_PORT, type NodeRunStatus, type RunError } from '@runtime-hub/protocol';
import type { LockedRun } from './run-transactions';
import { withNodeId } from '../core/run-errors';
import { RunsRepository, type TaskWrite } from '../adapters/runs.repository';

/** Node states a node can settle from. */
export const OPEN_NODE_STATUSES: readonly NodeRunStatus[] = ['pending', 'waiting', 'queued', 'running'];

export type NodeSettlement =
  | { readonly status: 'succeeded'; readonly output: unknown; readonly port?: string | undefined }
  | { readonly status: 'failed'; readonly error: RunError; readonly output?: unknown };

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
    const finishedAt = timing.finishedAt ?? new Date();
    const startedAt = timing.startedAt ?? row.startedAt ?? finishedAt;
    const durationMs = Math.max(0, finishedAt.getTime() - startedAt.getTime());
    const patch =
      settlement.status === 'succeeded'
        ? { status: 'succeeded' as const, output: settlement.output ?? null, port: settlement.port ?? DEFAULT_OUTPUT_PORT, error: null }
        : { status: 'failed' as const, output: settlement.output ?? null, port: null, error: withNodeId(settlement.error, row.nodeId) };
    const nodePatch = { ...patch, waitingReason: null, startedAt, finishedAt, durationMs };
    const guard = { statusIn: OPEN_NODE_STATUSES, attempt: row.attempt };
    const updated = task
      ? await this.runs.updateNodeRunWithTask(locked.tx, task, nodePatch, guard)
      : await this.runs.updateNodeRun(locked.tx, row.runId, row.nodeId, nodePatch, guard);
    if (updated) {
      locked.effects.nodeChanged(row.runId, row.nodeId);
      // Only work that ran has a duration worth a histogram sample (not a template that failed before dispatch).
      if (timing.startedAt ?? row.startedAt) locked.effects.nodeFinished(row.type, durationMs);
    }
    return updated;
  }

  /** A failure decided by the coordinator before any agent ran the node (templates, config, child runs). */
  async fail(locked: LockedRun, row: NodeRunRow, error: RunError): Promise<NodeRunRow | undefined> {
    return this.settle(locked, row, { status: 'failed', error });
  }
}
