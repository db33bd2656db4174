import type { RunRow } from '@runtime-hub/db';
import type { AgentLog, NodeTask, RunStatus } from '@runtime-hub/protocol';
import type { TaskKey } from '../../dispatch/dispatch.ports';

/** Work the engine does after a transaction commits, in a later transaction of its own. */
export type FollowUp =
  /** Plan the run again (a result was recorded, a child run was started, agents came online). */
  | { readonly kind: 'advance'; readonly runId: string }
  /** A `workflow.call` / `foreach` / `repeat` node was marked running: start its child runs. */
  | { readonly kind: 'begin-children'; readonly runId: string; readonly nodeId: string; readonly attempt: number }
  /** A child run of this node finished: start the next one or settle the node. */
  | { readonly kind: 'sync-children'; readonly runId: string; readonly nodeId: string }
  /** Cancel this run (a child of a cancelled run). */
  | { readonly kind: 'cancel'; readonly runId: string; readonly reason: string };

/** Carries out one follow-up (shell/run-follow-ups.ts); RunTransactions calls it after a commit's effects. */
export interface FollowUpRunner {
  run(work: FollowUp): Promise<void>;
}
export const RUN_FOLLOW_UPS = Symbol('RUN_FOLLOW_UPS');

export interface TaskDispatch {
  readonly task: NodeTask;
  readonly delayMs: number;
}

/**
 * What one engine transaction decided besides its writes: jobs to add or remove, agents to
 * tell, dashboards to update, follow-ups. Collected while the transaction runs and carried
 * out only after it commits (RunEffectsFlusher), so nothing outside Postgres ever reflects a
 * change that was rolled back. A crash between commit and flush loses only effects the
 * reconciler repairs (a queued task without its job, a running child-run node without its
 * children) or that are advisory (live updates, stop signals).
 */
export class RunEffects {
  readonly dispatches: TaskDispatch[] = [];
  readonly removals: TaskKey[] = [];
  readonly stops: TaskKey[] = [];
  /** Lines the coordinator writes into a run's log (a retry, a lost agent); the live publisher stores and shows them. */
  readonly logs: Array<AgentLog & { agentId: null }> = [];
  readonly followUps: FollowUp[] = [];
  readonly changedNodes = new Map<string, Set<string>>();
  readonly changedRuns = new Set<string>();
  /** Changed runs whose row the transaction already holds as it committed it. */
  readonly changedRunRows = new Map<string, RunRow>();
  readonly runStatuses: RunStatus[] = [];
  readonly nodeDurations: Array<{ nodeType: string; durationMs: number }> = [];
  /** Runs whose active-run count changed: +1 accepted, -1 finished. */
  activeRunsDelta = 0;

  dispatch(task: NodeTask, delayMs = 0): void {
    this.dispatches.push({ task, delayMs });
  }

  nodeChanged(runId: string, nodeId: string): void {
    let nodes = this.changedNodes.get(runId);
    if (!nodes) {
      nodes = new Set();
      this.changedNodes.set(runId, nodes);
    }
    nodes.add(nodeId);
  }

  /** `row`: the run as this transaction wrote it, published as it is instead of read back after the commit. */
  runChanged(runId: string, row?: RunRow): void {
    this.changedRuns.add(runId);
    if (row) this.changedRunRows.set(runId, row);
    else this.changedRunRows.delete(runId);
  }

  followUp(work: FollowUp): void {
    const key = JSON.stringify(work);
    if (!this.followUps.some((existing) => JSON.stringify(existing) === key)) this.followUps.push(work);
  }

  systemLog(runId: string, nodeId: string, attempt: number, line: string, at: Date): void {
    this.logs.push({ runId, nodeId, attempt: Math.max(attempt, 1), stream: 'system', line, at: at.toISOString(), agentId: null });
  }

  /** A run reached a status (metrics: runs by status). */
  runReached(status: RunStatus): void {
    this.runStatuses.push(status);
    if (status === 'pending') this.activeRunsDelta += 1;
    if (status === 'succeeded' || status === 'failed' || status === 'cancelled') this.activeRunsDelta -= 1;
  }

  nodeFinished(nodeType: string, durationMs: number | null): void {
    if (durationMs !== null) this.nodeDurations.push({ nodeType, durationMs });
  }
}
