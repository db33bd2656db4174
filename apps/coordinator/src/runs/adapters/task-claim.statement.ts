import { preparedStatement, runPrepared } from '../../persistence/prepared-statements';
import type { Executor } from './runs.repository';

/** What the one statement of a claim found and did. */
export interface ClaimStatementResult {
  /** The run's status as the statement saw it; undefined: no such run. */
  readonly runStatus: string | undefined;
  /** The task went `queued -> running` at the claimed attempt. */
  readonly claimed: boolean;
}

export interface ClaimKey {
  readonly runId: string;
  readonly nodeId: string;
  readonly agentId: string;
  readonly attempt: number;
}

/**
 * A claim as one statement, committed on its own (no BEGIN, no COMMIT: five round trips
 * became one). Its parts run in the order their data depends on each other:
 *
 * 1. `run`: the run's status, read without a lock: a claim does not wait for a result, an
 *    advance or a cancel that holds the run (`FOR UPDATE`), so the claims of a wide run's
 *    tasks do not queue behind its results one by one;
 * 2. `task`: the fenced conditional update `queued -> running` at this agent and attempt,
 *    only while the run is running;
 * 3. `node`: the node `running` from its first claimed task on (it joins `task`, so it only
 *    changes when the task did).
 *
 * The task row's lock orders a claim against every writer of that task: a cancel, a lost
 * agent or a retry that commits first leaves the task other than `queued` at that attempt,
 * and the update (re-checking the row once the writer committed) claims nothing; one that
 * comes after sees the task `running` and stops it. Each writer locks a node's task rows
 * before its node row, as the claim does, so the two never wait for each other in a cycle
 * (README "Rules every phase keeps").
 */
export async function claimInOneStatement(db: Executor, claim: ClaimKey, now: Date): Promise<ClaimStatementResult> {
  const [row] = await runPrepared(db, CLAIM_TASK, [claim.runId, claim.nodeId, claim.agentId, claim.attempt, now.toISOString()]);
  return { runStatus: row?.runStatus, claimed: (row?.claimed ?? 0) > 0 };
}

/** $1-$4: the run, node, agent and attempt claimed; $5: when (the task's and the node's started_at). Prepared once per connection. */
const CLAIM_TASK = preparedStatement<{ runStatus: string | undefined; claimed: number }>(
  'rh_claim_task',
  `with run as (
     select status from runs where id = $1::text
   ), task as (
     update node_tasks set status = 'running', started_at = $5::timestamptz
       from run
      where run.status = 'running'
        and node_tasks.run_id = $1::text and node_tasks.node_id = $2::text
        and node_tasks.agent_id = $3::text and node_tasks.attempt = $4::int
        and node_tasks.status = 'queued'
     returning node_tasks.node_id
   ), node as (
     update node_runs set status = 'running', started_at = $5::timestamptz
       from task
      where node_runs.run_id = $1::text and node_runs.node_id = task.node_id and node_runs.status = 'queued'
     returning node_runs.node_id
   )
   select (select status from run) as run_status,
          (select count(*) from task)::int as claimed,
          (select count(*) from node)::int as node_started`,
  (raw) => ({ runStatus: (raw.run_status as string | null) ?? undefined, claimed: raw.claimed as number }),
);
