import type { AgentLog, NodeRunRecord, RunRecord, RunSummary } from '@runtime-hub/protocol';

/**
 * Publishes state changes to dashboards (Socket.IO `/live`, one room per run). The engine
 * calls it after each committed change; publishing never blocks or fails the engine.
 */
export interface LivePublisher {
  runUpdated(run: RunSummary): void;
  nodeUpdated(node: NodeRunRecord): void;
  /**
   * Whether a dashboard watches this run (its `/live` room has a member). Node updates are
   * only seen in the run's room, so the engine reads node records for `nodeUpdated` only for
   * watched runs: an unwatched run's transitions cost no extra queries.
   */
  watchesRun(runId: string): boolean;
  log(runId: string, log: AgentLog & { agentId: string | null }): void;
}
export const LIVE_PUBLISHER = Symbol('LIVE_PUBLISHER');

/**
 * The whole run `/live` sends as `run:snapshot` after `run:subscribe` (the run engine's read
 * model, runs/adapters/run-reader.ts). Null: no such run.
 */
export interface RunSnapshots {
  record(runId: string): Promise<RunRecord | null>;
}
export const RUN_SNAPSHOTS = Symbol('RUN_SNAPSHOTS');
