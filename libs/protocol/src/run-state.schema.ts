import { z } from 'zod';

/**
 * A run's lifecycle: pending (accepted, not yet dispatched) → running → one terminal state.
 * `queued`: accepted and stored, waiting for admission (a concurrency limit of its workflow, or
 * the previous run of its schedule); such a run always carries its `waitingReason`.
 */
export const RunStatusSchema = z.enum(['queued', 'pending', 'running', 'succeeded', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatusSchema>;
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

/**
 * A node run's lifecycle.
 * - pending: upstream not settled yet.
 * - waiting: ready, but no online agent can take it (the node run carries the reason).
 * - queued: a task is in an agent's queue. running: an agent started it.
 * - succeeded / failed / skipped (branch not taken, or every upstream skipped) / cancelled.
 */
export const NodeRunStatusSchema = z.enum(['pending', 'waiting', 'queued', 'running', 'succeeded', 'failed', 'skipped', 'cancelled']);
export type NodeRunStatus = z.infer<typeof NodeRunStatusSchema>;
export const TERMINAL_NODE_RUN_STATUSES: readonly NodeRunStatus[] = ['succeeded', 'failed', 'skipped', 'cancelled'];

export function isTerminalNodeRunStatus(status: NodeRunStatus): boolean {
  return TERMINAL_NODE_RUN_STATUSES.includes(status);
}
