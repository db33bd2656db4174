import { preparedStatement, runPrepared } from '../../persistence/prepared-statements';
import type { Executor } from './runs.repository';

/** One task of a run that its agent accepted. */
export interface ClaimedTask {
  readonly nodeId: string;
  readonly agentId: string;
  readonly attempt: number;
}

export interface ClaimKey extends ClaimedTask {
  readonly runId: string;
}

/** What the one statement of a batch of claims found and did. */
export interface ClaimsStatementResult {
  /** The run's status as the statement saw it; undefined: no such run. */
  readonly runStatus: string | undefined;
  /** Per claim, in the order given: the task went `queued -> running` at the claimed attempt. */
  readonly claimed: readonly boolean[];
}

/**
 * Claims of one run as one statement, committed on its own (no BEGIN, no COMMIT), however many
 * arrived together (a fan-out's agents accept their tasks at once). Its parts run in the
 * order their data depends on each other:
 *
 * 1. `run`: the run's status, read without a lock: a claim does not wait for a result, an
 *    advance or a cancel that holds the run (`FOR UPDATE`), so the claims of a wide run's
 *    tasks do not queue behind its results one by one;
 * 2. `locked`: the claimed tasks still `queued` at their attempt, only while the run is
 *    running, locked in the order of their keys (the order a cancel locks them in, so two
 *    statements that lock several tasks never wait for each other in a cycle);
 * 3. `task`: those tasks `queued -> running`;
 * 4. `node`: the node `running` from its first claimed task on (it joins `task`, so it only
 *    changes when a task did).
 *
 * The task row's lock orders a claim against every writer of that task: a cancel, a lost
 * agent or a retry that commits first leaves the task other than `queued` at that attempt,
 * and the lock (re-checking the row once the writer committed) claims nothing; one that
 * comes after sees the task `running` and stops it. Each writer locks a node's task rows
 * before its node row, as the claim does (README "Rules every phase keeps").
 */
export async function claimInOneStatement(db: Executor, runId: string, claims: readonly ClaimedTask[], now: Date): Promise<ClaimsStatementResult> {
  const rows = await runPrepared(db, CLAIM_TASKS, [
    runId,
    claims.map((claim) => claim.nodeId),
    claims.map((claim) => claim.agentId),
    claims.map((claim) => claim.attempt),
    now.toISOString(),
  ]);
  const claimed = claims.map(() => false);
  for (const row of rows) if (row.claimed) claimed[row.position - 1] = true;
  return { runStatus: rows[0]?.runStatus, claimed };
}

/**
 * $1: the run; $2-$4: the claims' nodes, agents and attempts (arrays of one length); $5: when
 * (the tasks' and the nodes' started_at). One row per claim, `position` counting from 1.
 * Prepared once per connection.
 */
const CLAIM_TASKS = preparedStatement<{ position: number; runStatus: string | undefined; claimed: boolean }>(
  'rh_claim_tasks',
  `with wanted as (
     select * from unnest($2::text[], $3::text[], $4::int[]) with ordinality as wanted(node_id, agent_id, attempt, position)
   ), run as (
     select status from runs where id = $1::text
   ), locked as (
     select node_tasks.node_id, node_tasks.agent_id
       from node_tasks
       join wanted on wanted.node_id = node_tasks.node_id and wanted.agent_id = node_tasks.agent_id and wanted.attempt = node_tasks.attempt
      where node_tasks.run_id = $1::text and node_tasks.status = 'queued'
        and (select status from run) = 'running'
      order by node_tasks.node_id, node_tasks.agent_id
        for update of node_tasks
   ), task as (
     update node_tasks set status = 'running', started_at = $5::timestamptz
       from locked
      where node_tasks.run_id = $1::text and node_tasks.node_id = locked.node_id and node_tasks.agent_id = locked.agent_id
     returning node_tasks.node_id, node_tasks.agent_id
   ), node as (
     update node_runs set status = 'running', started_at = $5::timestamptz
       from (select distinct node_id from task) claimed
      where node_runs.run_id = $1::text and node_runs.node_id = claimed.node_id and node_runs.status = 'queued'
     returning node_runs.node_id
   )
   select wanted.position::int as position,
          (select status from run) as run_status,
          (task.node_id is not null) as claimed,
          (select count(*) from node)::int as nodes_started
     from wanted
     left join task on task.node_id = wanted.node_id and task.agent_id = wanted.agent_id
    order by wanted.position`,
  (raw) => ({ position: raw.position as number, runStatus: (raw.run_status as string | null) ?? undefined, claimed: raw.claimed === true }),
);

/** A task as a claim that changed nothing finds it: why it was not claimed. */
export interface TaskNow {
  readonly nodeId: string;
  readonly agentId: string;
  readonly attempt: number;
  readonly status: string;
}

/** The tasks of these claims as they are now, in one statement (a fan-out's claims that its results overtook). */
export async function tasksNow(db: Executor, runId: string, claims: readonly Pick<ClaimedTask, 'nodeId' | 'agentId'>[]): Promise<TaskNow[]> {
  return runPrepared(db, TASKS_NOW, [runId, claims.map((claim) => claim.nodeId), claims.map((claim) => claim.agentId)]);
}

/** $1: the run; $2, $3: the claims' nodes and agents. */
const TASKS_NOW = preparedStatement<TaskNow>(
  'rh_claimed_tasks_now',
  `select node_tasks.node_id, node_tasks.agent_id, node_tasks.attempt, node_tasks.status
     from node_tasks
     join unnest($2::text[], $3::text[]) as wanted(node_id, agent_id)
       on wanted.node_id = node_tasks.node_id and wanted.agent_id = node_tasks.agent_id
    where node_tasks.run_id = $1::text`,
  (raw) => ({ nodeId: raw.node_id as string, agentId: raw.agent_id as string, attempt: raw.attempt as number, status: raw.status as string }),
);
