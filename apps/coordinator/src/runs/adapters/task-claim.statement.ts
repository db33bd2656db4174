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

/** What the one statement of a batch of claims of one run found and did. */
export interface ClaimsStatementResult {
  /** The run's status as the statement saw it; undefined: no such run. */
  readonly runStatus: string | undefined;
  /** Per claim, in the order given: the task went `queued -> running` at the claimed attempt. */
  readonly claimed: readonly boolean[];
  /** Per claim: the task's result at the claimed attempt was already recorded (ClaimStatementAnswer.settled). */
  readonly settled: readonly boolean[];
}

/** What the statement found and did for one claim. */
export interface ClaimStatementAnswer {
  /** The claim's run's status as the statement saw it; undefined: no such run. */
  readonly runStatus: string | undefined;
  /** The task went `queued -> running` at the claimed attempt. */
  readonly claimed: boolean;
  /**
   * The task's result at the claimed attempt was recorded before the claim (a quick task's
   * result overtakes its claim, and may have ended the run): nothing is left to claim or stop.
   */
  readonly settled: boolean;
}

/**
 * Claims, of one run or of several, as one statement committed on its own (no BEGIN, no
 * COMMIT), however many arrived together (a fan-out's agents accept their tasks at once, and
 * so do the agents of many one-node runs). Its parts run in the order their data depends on
 * each other:
 *
 * 1. `run`: the claims' runs' statuses, read without a lock: a claim does not wait for a result,
 *    an advance or a cancel that holds the run (`FOR UPDATE`), so the claims of a wide run's
 *    tasks do not queue behind its results one by one;
 * 2. `locked`: the claimed tasks still `queued` at their attempt, only while their run is
 *    running, locked in the order of their keys (run, node, agent: within one run the order a
 *    cancel locks them in, so two statements that lock several tasks never wait for each other
 *    in a cycle; no other writer locks tasks of two runs);
 * 3. `task`: those tasks `queued -> running`;
 * 4. `node`: the node `running` from its first claimed task on (it joins `task`, so it only
 *    changes when a task did).
 *
 * The task row's lock orders a claim against every writer of that task: a cancel, a lost
 * agent or a retry that commits first leaves the task other than `queued` at that attempt,
 * and the lock (re-checking the row once the writer committed) claims nothing; one that
 * comes after sees the task `running` and stops it. Each writer locks a node's task rows
 * before its node row, as the claim does (README "Rules every phase keeps"). One answer per
 * claim, in the order given.
 */
export async function claimTasksInOneStatement(db: Executor, claims: readonly ClaimKey[], now: Date): Promise<ClaimStatementAnswer[]> {
  const rows = await runPrepared(db, CLAIM_TASKS, [
    claims.map((claim) => claim.runId),
    claims.map((claim) => claim.nodeId),
    claims.map((claim) => claim.agentId),
    claims.map((claim) => claim.attempt),
    now.toISOString(),
  ]);
  const answers: ClaimStatementAnswer[] = claims.map(() => ({ runStatus: undefined, claimed: false, settled: false }));
  for (const row of rows) answers[row.position - 1] = { runStatus: row.runStatus, claimed: row.claimed, settled: row.settled };
  return answers;
}

/** Claims of one run in one statement (claimTasksInOneStatement). */
export async function claimInOneStatement(db: Executor, runId: string, claims: readonly ClaimedTask[], now: Date): Promise<ClaimsStatementResult> {
  const answers = await claimTasksInOneStatement(
    db,
    claims.map((claim) => ({ ...claim, runId })),
    now,
  );
  return { runStatus: answers[0]?.runStatus, claimed: answers.map((answer) => answer.claimed), settled: answers.map((answer) => answer.settled) };
}

/**
 * $1-$4: the claims' runs, nodes, agents and attempts (arrays of one length); $5: when (the
 * tasks' and the nodes' started_at). One row per claim, `position` counting from 1. Prepared
 * once per connection.
 */
const CLAIM_TASKS = preparedStatement<{ position: number; runStatus: string | undefined; claimed: boolean; settled: boolean }>(
  'rh_claim_tasks_of_runs',
  `with wanted as (
     select * from unnest($1::text[], $2::text[], $3::text[], $4::int[]) with ordinality as wanted(run_id, node_id, agent_id, attempt, position)
   ), run as (
     select id, status from runs where id in (select run_id from wanted)
   ), locked as (
     select node_tasks.run_id, node_tasks.node_id, node_tasks.agent_id
       from node_tasks
       join wanted on wanted.run_id = node_tasks.run_id and wanted.node_id = node_tasks.node_id
                  and wanted.agent_id = node_tasks.agent_id and wanted.attempt = node_tasks.attempt
       join run on run.id = node_tasks.run_id and run.status = 'running'
      where node_tasks.status = 'queued'
      order by node_tasks.run_id, node_tasks.node_id, node_tasks.agent_id
        for update of node_tasks
   ), task as (
     update node_tasks set status = 'running', started_at = $5::timestamptz
       from locked
      where node_tasks.run_id = locked.run_id and node_tasks.node_id = locked.node_id and node_tasks.agent_id = locked.agent_id
     returning node_tasks.run_id, node_tasks.node_id, node_tasks.agent_id
   ), node as (
     update node_runs set status = 'running', started_at = $5::timestamptz
       from (select distinct run_id, node_id from task) claimed
      where node_runs.run_id = claimed.run_id and node_runs.node_id = claimed.node_id and node_runs.status = 'queued'
     returning node_runs.node_id
   )
   select wanted.position::int as position,
          run.status as run_status,
          (task.node_id is not null) as claimed,
          (settled.node_id is not null) as settled,
          (select count(*) from node)::int as nodes_started
     from wanted
     left join run on run.id = wanted.run_id
     left join task on task.run_id = wanted.run_id and task.node_id = wanted.node_id and task.agent_id = wanted.agent_id
     left join node_tasks settled on settled.run_id = wanted.run_id and settled.node_id = wanted.node_id and settled.agent_id = wanted.agent_id
                                 and settled.attempt = wanted.attempt and settled.status in ('succeeded', 'failed')
    order by wanted.position`,
  (raw) => ({ position: raw.position as number, runStatus: (raw.run_status as string | null) ?? undefined, claimed: raw.claimed === true, settled: raw.settled === true }),
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
