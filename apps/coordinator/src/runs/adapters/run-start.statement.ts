import { getTableColumns, getTableName } from 'drizzle-orm';
import { nodeRuns, nodeTasks, runs, type NodeRunRow, type RunRow } from '@runtime-hub/db';
import { preparedStatement, runPrepared } from '../../persistence/prepared-statements';
import { carriedColumns, columnList, columnValue, tableRowMapper } from '../../persistence/table-rows';
import type { Executor } from './runs.repository';

/** The columns of a new run the start writes; every other column takes its default. */
export interface StartedRunValues {
  readonly id: string;
  readonly workflowId: string;
  readonly workflowVersion: number;
  readonly workflowName: string;
  readonly status: 'running' | 'queued';
  readonly trigger: RunRow['trigger'];
  readonly triggerId: string | null;
  readonly startedBy: string | null;
  readonly priority: number;
  readonly waitingReason: string | null;
  readonly targetOverride: RunRow['targetOverride'];
  readonly concurrencyKey: string | null;
  readonly inputs: RunRow['inputs'];
  readonly createdAt: Date;
  readonly startedAt: Date | null;
}

/**
 * A node of the new run: written `pending` at attempt 0, or, with `dispatch`, `queued` at
 * attempt 1 with one `queued` task row per agent (a root the start dispatches itself).
 */
export interface StartedNodeValues {
  readonly nodeId: string;
  readonly type: string;
  readonly dispatch?: StartedNodeDispatch;
}

/** A root dispatched by the start: as RunsRepository.dispatchFirstAttempts writes it. */
export interface StartedNodeDispatch {
  /** The node row's agent: the one agent, or null for a fan-out. */
  readonly nodeAgentId: string | null;
  /** One task row per agent. */
  readonly agentIds: readonly string[];
  readonly queuedAt: Date;
  /** The single task's bundle (its node ids), if it carries one. */
  readonly bundle?: readonly string[];
}

/** The run and node rows as stored (defaults filled). */
export interface StartedRunRows {
  readonly run: RunRow;
  readonly rows: NodeRunRow[];
}

/**
 * A narrow run's start as one statement committed on its own (no BEGIN, no COMMIT: four round
 * trips became one), run-starter.ts step 5:
 *
 * 1. `run`: the run row, unless a run with its id exists already (a derived id started twice);
 * 2. `nodes`: one row per node, joined to `run`, so they are written only with it: `pending`
 *    at attempt 0, or a root the start dispatches `queued` at attempt 1 with its agent;
 * 3. `tasks`: the dispatched roots' task rows, `queued` at attempt 1, joined to `run` too;
 * 4. the answer: a row per node, each carrying the run's columns (named `run.<column>`), so the
 *    first advance plans on what was stored without reading it back.
 *
 * One statement is one transaction: the run is never seen without its nodes, nor a node
 * queued without its tasks. No row answered: the run existed already, and nothing was written.
 */
export async function insertRunWithNodes(db: Executor, run: StartedRunValues, nodes: readonly StartedNodeValues[]): Promise<StartedRunRows | undefined> {
  const columns = getTableColumns(runs);
  const node = getTableColumns(nodeRuns);
  const tasks = nodes.flatMap(({ nodeId, dispatch }) => (dispatch ? dispatch.agentIds.map((agentId) => ({ nodeId, agentId, bundle: dispatch.bundle ?? null })) : []));
  const values = [
    ...INSERTED_RUN_COLUMNS.map((key) => columnValue(columns[key], run[key])),
    nodes.map((entry) => entry.nodeId),
    nodes.map((entry) => entry.type),
    nodes.map((entry) => (entry.dispatch ? 'queued' : 'pending')),
    nodes.map((entry) => (entry.dispatch ? 1 : 0)),
    nodes.map((entry) => entry.dispatch?.nodeAgentId ?? null),
    nodes.map((entry) => (entry.dispatch ? columnValue(node.queuedAt, entry.dispatch.queuedAt) : null)),
    tasks.map((task) => task.nodeId),
    tasks.map((task) => task.agentId),
    tasks.map((task) => (task.bundle ? JSON.stringify(task.bundle) : null)),
  ];
  const answered = await runPrepared(db, START_RUN, values);
  const first = answered[0];
  if (!first) return undefined;
  return { run: first.run, rows: answered.flatMap((row) => (row.node ? [row.node] : [])) };
}

/** The run's columns the start writes, in the order of START_RUN's $1-$15. */
const INSERTED_RUN_COLUMNS = [
  'id',
  'workflowId',
  'workflowVersion',
  'workflowName',
  'status',
  'trigger',
  'triggerId',
  'startedBy',
  'priority',
  'waitingReason',
  'targetOverride',
  'concurrencyKey',
  'inputs',
  'createdAt',
  'startedAt',
] as const satisfies ReadonlyArray<keyof StartedRunValues>;

const runRow = tableRowMapper(runs);
const nodeRunRow = tableRowMapper(nodeRuns);
/** The run's columns in each answered row, as `"run.<column>"`. */
const RUN_CARRIED = carriedColumns(runs, 'run.');

/**
 * $1-$15: INSERTED_RUN_COLUMNS; $16-$21: the nodes' ids, types, statuses, attempts, agents and
 * queued times, in the same order; $22-$24: the tasks' nodes, agents and bundles. Prepared once per connection.
 */
const START_RUN = preparedStatement<{ run: RunRow; node: NodeRunRow | undefined }>(
  'rh_start_run_dispatching',
  `with run as (
     insert into ${getTableName(runs)} (id, workflow_id, workflow_version, workflow_name, status, trigger, trigger_id, started_by, priority,
                       waiting_reason, target_override, concurrency_key, inputs, created_at, started_at)
     values ($1::text, $2::text, $3::int, $4::text, $5::text, $6::text, $7::text, $8::text, $9::int,
             $10::text, $11::jsonb, $12::text, $13::jsonb, $14::timestamptz, $15::timestamptz)
     on conflict do nothing
     returning ${columnList(runs)}
   ), nodes as (
     insert into ${getTableName(nodeRuns)} (run_id, node_id, type, status, attempt, agent_id, queued_at)
     select run.id, node.node_id, node.type, node.status, node.attempt, node.agent_id, node.queued_at
       from run, unnest($16::text[], $17::text[], $18::text[], $19::int[], $20::text[], $21::timestamptz[])
                 as node(node_id, type, status, attempt, agent_id, queued_at)
     on conflict do nothing
     returning ${columnList(nodeRuns)}
   ), tasks as (
     insert into ${getTableName(nodeTasks)} (run_id, node_id, agent_id, attempt, status, output, error, started_at, finished_at, bundle)
     select run.id, task.node_id, task.agent_id, 1, 'queued', null::jsonb, null::jsonb, null::timestamptz, null::timestamptz, task.bundle
       from run, unnest($22::text[], $23::text[], $24::jsonb[]) as task(node_id, agent_id, bundle)
   )
   select ${RUN_CARRIED.selectList('run')}, ${columnList(nodeRuns, 'nodes')}
     from run left join nodes on true
    order by nodes.node_id`,
  (raw) => ({ run: runRow(RUN_CARRIED.rawRowOf(raw)), node: raw['node_id'] === null ? undefined : nodeRunRow(raw) }),
);
