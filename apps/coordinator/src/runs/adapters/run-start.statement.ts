import { getTableColumns, getTableName } from 'drizzle-orm';
import { nodeRuns, runs, type NodeRunRow, type RunRow } from '@runtime-hub/db';
import { preparedStatement, runPrepared, type RawRow } from '../../persistence/prepared-statements';
import { columnList, columnValue, tableRowMapper } from '../../persistence/table-rows';
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

/** A node of the new run: written `pending` at attempt 0. */
export interface StartedNodeValues {
  readonly nodeId: string;
  readonly type: string;
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
 * 2. `nodes`: one `pending` row per node, joined to `run`, so they are written only with it;
 * 3. the answer: a row per node, each carrying the run's columns (named `run.<column>`), so the
 *    first advance plans on what was stored without reading it back.
 *
 * One statement is one transaction: the run is never seen without its nodes. No row answered:
 * the run existed already, and nothing was written.
 */
export async function insertRunWithNodes(db: Executor, run: StartedRunValues, nodes: readonly StartedNodeValues[]): Promise<StartedRunRows | undefined> {
  const columns = getTableColumns(runs);
  const values = [
    ...INSERTED_RUN_COLUMNS.map((key) => columnValue(columns[key], run[key])),
    nodes.map((node) => node.nodeId),
    nodes.map((node) => node.type),
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

const RUN_PREFIX = 'run.';
const runRow = tableRowMapper(runs);
const nodeRunRow = tableRowMapper(nodeRuns);
const RUN_COLUMN_NAMES = Object.values(getTableColumns(runs)).map((column) => column.name);

/** The run's columns of an answered row, under their own names. */
function runPart(raw: RawRow): RawRow {
  return Object.fromEntries(RUN_COLUMN_NAMES.map((name) => [name, raw[`${RUN_PREFIX}${name}`]]));
}

/** $1-$15: INSERTED_RUN_COLUMNS; $16, $17: the nodes' ids and types, in the same order. Prepared once per connection. */
const START_RUN = preparedStatement<{ run: RunRow; node: NodeRunRow | undefined }>(
  'rh_start_run',
  `with run as (
     insert into ${getTableName(runs)} (id, workflow_id, workflow_version, workflow_name, status, trigger, trigger_id, started_by, priority,
                       waiting_reason, target_override, concurrency_key, inputs, created_at, started_at)
     values ($1::text, $2::text, $3::int, $4::text, $5::text, $6::text, $7::text, $8::text, $9::int,
             $10::text, $11::jsonb, $12::text, $13::jsonb, $14::timestamptz, $15::timestamptz)
     on conflict do nothing
     returning ${columnList(runs)}
   ), nodes as (
     insert into ${getTableName(nodeRuns)} (run_id, node_id, type, status, attempt)
     select run.id, node.node_id, node.type, 'pending', 0
       from run, unnest($16::text[], $17::text[]) as node(node_id, type)
     on conflict do nothing
     returning ${columnList(nodeRuns)}
   )
   select ${RUN_COLUMN_NAMES.map((name) => `run.${name} as "${RUN_PREFIX}${name}"`).join(', ')}, ${columnList(nodeRuns, 'nodes')}
     from run left join nodes on true
    order by nodes.node_id`,
  (raw) => ({ run: runRow(runPart(raw)), node: raw['node_id'] === null ? undefined : nodeRunRow(raw) }),
);
