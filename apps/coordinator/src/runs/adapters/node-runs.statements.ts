import { getTableColumns } from 'drizzle-orm';
import { nodeRuns, nodeTasks, type NodeRunRow } from '@runtime-hub/db';
import type { ReadAfterLock } from '../../persistence/locking-transaction';
import { preparedStatement } from '../../persistence/prepared-statements';
import { columnList, columnValue, tableRowMapper, writesExactly } from '../../persistence/table-rows';
import { EARLIER_ATTEMPT_CLEARED } from '../core/earlier-attempt';
import type { NodeRunGuard, NodeRunPatch, TaskWrite } from './runs.repository';

/**
 * The node-row statements every dispatched node runs (a result's settle, the read of the run's
 * rows under its lock, the next node's first dispatch), as fixed texts prepared once per
 * connection (persistence/prepared-statements.ts). Each says what its parameters are.
 */

const nodeRunRow = tableRowMapper(nodeRuns);
const NODE_RUN_COLUMNS = columnList(nodeRuns);

/** The first page of the run's node rows in node id order. $1: run id; $2: page size. */
export const NODE_RUNS_FIRST_PAGE = preparedStatement<NodeRunRow>(
  'rh_node_runs_first_page',
  `select ${NODE_RUN_COLUMNS} from node_runs where run_id = $1::text order by node_id limit $2::int`,
  nodeRunRow,
);

/**
 * Every node row of a run that has at most $2 nodes, in node id order; none for a wider run
 * (the index tells after $2 + 1 entries, so a wide run's result reads no rows). $1: run id.
 */
export const NARROW_RUN_NODE_RUNS = preparedStatement<NodeRunRow>(
  'rh_narrow_run_node_runs',
  `select ${NODE_RUN_COLUMNS} from node_runs
    where run_id = $1::text
      and not exists (select 1 from node_runs wider where wider.run_id = $1::text order by wider.node_id offset $2::int limit 1)
    order by node_id`,
  nodeRunRow,
);

/** NARROW_RUN_NODE_RUNS read in the round trip of the run's lock (RunTransactions.withRun), for runs of at most `maxNodes` nodes. */
export function narrowRunNodeRunsAfterLock(maxNodes: number): ReadAfterLock<NodeRunRow> {
  if (!Number.isSafeInteger(maxNodes) || maxNodes < 1) throw new RangeError(`maxNodes must be a positive integer, not ${maxNodes}`);
  return { prepared: NARROW_RUN_NODE_RUNS, values: [maxNodes] };
}

/** The next page, after node id $2. $1: run id; $3: page size. */
export const NODE_RUNS_PAGE_AFTER = preparedStatement<NodeRunRow>(
  'rh_node_runs_page_after',
  `select ${NODE_RUN_COLUMNS} from node_runs where run_id = $1::text and node_id > $2::text order by node_id limit $3::int`,
  nodeRunRow,
);

/** Nodes of the run by id (the results of a wide run recorded together). $1: run id; $2: node ids. */
export const NODE_RUNS_BY_ID = preparedStatement<NodeRunRow>(
  'rh_node_runs_by_id',
  `select ${NODE_RUN_COLUMNS} from node_runs where run_id = $1::text and node_id = any($2::text[])`,
  nodeRunRow,
);

/**
 * A result's task update and its node's settle in one statement (RunsRepository.updateNodeRunWithTask):
 * the node changes only when the task was still at the result's attempt.
 * $1-$4: the task's run, node, agent and attempt; $5: the task states it may be in;
 * $6-$10: the task's status, output, error, started_at, finished_at;
 * $11-$18: the node's status, output, port, error, waiting_reason, started_at, finished_at, duration_ms;
 * $19: the node states it may be in; $20: the node's attempt.
 */
export const SETTLE_NODE_WITH_TASK_TEXTS = {
  /** The task's fenced update, as a CTE named `changed_task`. */
  changedTask: `changed_task as (
     update node_tasks
        set status = $6::text, output = $7::jsonb, error = $8::jsonb, started_at = $9::timestamptz, finished_at = $10::timestamptz
      where run_id = $1::text and node_id = $2::text and agent_id = $3::text and attempt = $4::int and status = any($5::text[])
     returning node_id
   )`,
  /** The node's update, only where `changed_task` has its row. */
  settleNode: `update node_runs
      set status = $11::text, output = $12::jsonb, port = $13::text, error = $14::jsonb, waiting_reason = $15::text,
          started_at = $16::timestamptz, finished_at = $17::timestamptz, duration_ms = $18::int
     from changed_task
    where node_runs.run_id = $1::text and node_runs.node_id = changed_task.node_id
      and node_runs.status = any($19::text[]) and node_runs.attempt = $20::int
   returning ${columnList(nodeRuns, 'node_runs')}`,
} as const;

export const SETTLE_NODE_WITH_TASK = preparedStatement<NodeRunRow>(
  'rh_settle_node_with_task',
  `with ${SETTLE_NODE_WITH_TASK_TEXTS.changedTask}
   ${SETTLE_NODE_WITH_TASK_TEXTS.settleNode}`,
  nodeRunRow,
);

/** The task columns SETTLE_NODE_WITH_TASK writes, in its parameters' order. */
const SETTLED_TASK_COLUMNS = ['status', 'output', 'error', 'startedAt', 'finishedAt'] as const;
/** The node columns it writes: the settle of node-transitions.ts. */
const SETTLED_NODE_COLUMNS = ['status', 'output', 'port', 'error', 'waitingReason', 'startedAt', 'finishedAt', 'durationMs'] as const;

/**
 * SETTLE_NODE_WITH_TASK's parameters, when the writes have its shape (a result that settles
 * its node: every caller today); undefined for any other shape, which the repository builds.
 */
export function settleWithTaskValues(task: TaskWrite, patch: NodeRunPatch, guard: NodeRunGuard): unknown[] | undefined {
  if (!guard.statusIn || guard.attempt === undefined) return undefined;
  if (!writesExactly(task.patch, SETTLED_TASK_COLUMNS) || !writesExactly(patch, SETTLED_NODE_COLUMNS)) return undefined;
  const taskColumns = getTableColumns(nodeTasks);
  const nodeColumns = getTableColumns(nodeRuns);
  return [
    task.key.runId,
    task.key.nodeId,
    task.key.agentId,
    task.key.attempt,
    [...task.statusIn],
    ...SETTLED_TASK_COLUMNS.map((key) => columnValue(taskColumns[key], task.patch[key])),
    ...SETTLED_NODE_COLUMNS.map((key) => columnValue(nodeColumns[key], patch[key])),
    [...guard.statusIn],
    guard.attempt,
  ];
}

/** The columns EARLIER_ATTEMPT_CLEARED names, as `column = null` (the text is built once, from that constant). */
const CLEARED_COLUMNS_SQL = Object.keys(EARLIER_ATTEMPT_CLEARED)
  .map((key) => `${getTableColumns(nodeRuns)[key as keyof typeof EARLIER_ATTEMPT_CLEARED].name} = null`)
  .join(', ');

/**
 * The first dispatches of an advance (RunsRepository.dispatchFirstAttempts): each node still
 * `pending` or `waiting` at attempt 0 goes `queued` at attempt 1, and for those only, one
 * `queued` task row per agent. $1: run id; $2: the dispatches as a JSON array of
 * `{ node_id, agent_id, agents, bundle }`; $3: queued at. Returns the nodes written, once per task row.
 */
export const DISPATCH_FIRST_ATTEMPTS = preparedStatement<{ nodeId: string }>(
  'rh_dispatch_first_attempts',
  `with dispatched_nodes as (
     update node_runs
        set status = 'queued', attempt = 1, agent_id = wanted.agent_id, ${CLEARED_COLUMNS_SQL}, queued_at = $3::timestamptz
       from jsonb_to_recordset($2::jsonb) as wanted(node_id text, agent_id text, agents jsonb, bundle jsonb)
      where node_runs.run_id = $1::text and node_runs.node_id = wanted.node_id
        and node_runs.attempt = 0 and node_runs.status in ('pending', 'waiting')
     returning node_runs.node_id, wanted.agents, wanted.bundle
   )
   insert into node_tasks (run_id, node_id, agent_id, attempt, status, output, error, started_at, finished_at, bundle)
   select $1::text, dispatched_nodes.node_id, agent.id, 1, 'queued', null::jsonb, null::jsonb, null::timestamptz, null::timestamptz, dispatched_nodes.bundle
     from dispatched_nodes, jsonb_array_elements_text(dispatched_nodes.agents) as agent(id)
   returning node_id`,
  (raw) => ({ nodeId: raw.node_id as string }),
);

/**
 * Bundled steps that succeeded (RunsRepository.settleBundledSteps): each node still `pending`
 * at its expected attempt settles `succeeded` at the step's attempt on its agent (queued as
 * it started: it waited in its bundle), and for those only, its task row, settled too.
 * $1: run id; $2: the steps as a JSON array of `{ node_id, expected_attempt, attempt,
 * agent_id, port, output, started_at, finished_at, duration_ms }`. Returns the nodes written.
 */
export const SETTLE_BUNDLED_STEPS = preparedStatement<{ nodeId: string }>(
  'rh_settle_bundled_steps',
  `with wanted as (
     select * from jsonb_to_recordset($2::jsonb) as wanted(node_id text, expected_attempt integer, attempt integer, agent_id text, port text, output jsonb,
                                                           started_at timestamptz, finished_at timestamptz, duration_ms integer)
   ), settled as (
     update node_runs
        set status = 'succeeded', attempt = wanted.attempt, agent_id = wanted.agent_id, port = wanted.port, output = wanted.output, error = null,
            waiting_reason = null, queued_at = wanted.started_at, started_at = wanted.started_at, finished_at = wanted.finished_at, duration_ms = wanted.duration_ms
       from wanted
      where node_runs.run_id = $1::text and node_runs.node_id = wanted.node_id
        and node_runs.status = 'pending' and node_runs.attempt = wanted.expected_attempt
     returning node_runs.node_id
   ), tasks as (
     insert into node_tasks (run_id, node_id, agent_id, attempt, status, output, error, started_at, finished_at, bundle)
     select $1::text, wanted.node_id, wanted.agent_id, wanted.attempt, 'succeeded', wanted.output, null::jsonb, wanted.started_at, wanted.finished_at, null::jsonb
       from wanted join settled on settled.node_id = wanted.node_id
     on conflict (run_id, node_id, agent_id) do update
        set attempt = excluded.attempt, status = excluded.status, output = excluded.output, error = null,
            started_at = excluded.started_at, finished_at = excluded.finished_at, bundle = null
     returning node_id
   )
   select node_id from settled`,
  (raw) => ({ nodeId: raw.node_id as string }),
);
