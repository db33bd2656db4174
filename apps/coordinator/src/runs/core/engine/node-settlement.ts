import { DEFAULT_OUTPUT_PORT, type NodeRunStatus, type RunError } from '@runtime-hub/protocol';
import { withNodeId } from '../run-errors';
import type { Effect, NodeGuard, NodeSet, SnapshotNode } from './engine.types';

/** Node states a node can settle from. */
export const OPEN_NODE_STATUSES: readonly NodeRunStatus[] = ['pending', 'waiting', 'queued', 'running'];

export type NodeSettlement =
  | { readonly status: 'succeeded'; readonly output: unknown; readonly port?: string | undefined }
  | { readonly status: 'failed'; readonly error: RunError; readonly output?: unknown };

export interface SettleTiming {
  /** When the work began (the agent's startedAt); default: the node's own startedAt, else finishedAt. */
  readonly startedAt?: Date | null;
  readonly finishedAt: Date;
}

/**
 * The write that settles a node: succeeded (output, the port it fired, default `out`) or
 * failed (its error, naming the node), with its timings; guarded by the node being open and
 * still at the attempt read, so a decision that lost a race (a cancel, a newer attempt)
 * changes nothing. Its effects: the live view, and a duration sample for work that ran (not
 * a template that failed before dispatch).
 */
export function settleNode(row: SnapshotNode, settlement: NodeSettlement, timing: SettleTiming): { guard: NodeGuard; set: NodeSet; effects: Effect[] } {
  const { finishedAt } = timing;
  const startedAt = timing.startedAt ?? row.startedAt ?? finishedAt;
  const durationMs = Math.max(0, finishedAt.getTime() - startedAt.getTime());
  const outcome =
    settlement.status === 'succeeded'
      ? { status: 'succeeded' as const, output: settlement.output ?? null, port: settlement.port ?? DEFAULT_OUTPUT_PORT, error: null }
      : { status: 'failed' as const, output: settlement.output ?? null, port: null, error: withNodeId(settlement.error, row.nodeId) };
  const effects: Effect[] = [{ kind: 'node-changed', nodeId: row.nodeId }];
  if (timing.startedAt ?? row.startedAt) effects.push({ kind: 'node-finished', nodeType: row.type, durationMs });
  return {
    guard: { statusIn: OPEN_NODE_STATUSES, attempt: row.attempt },
    set: { ...outcome, waitingReason: null, startedAt, finishedAt, durationMs },
    effects,
  };
}
