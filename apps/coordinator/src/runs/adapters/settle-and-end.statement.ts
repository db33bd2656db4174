import { nodeRuns, runs, type NodeRunRow, type RunRow } from '@runtime-hub/db';
import type { RunStatus } from '@runtime-hub/protocol';
import type { TransactionEnd } from '../../persistence/locking-transaction';
import { preparedStatement, runPrepared } from '../../persistence/prepared-statements';
import { carriedColumns, columnList, tableRowMapper } from '../../persistence/table-rows';
import { SETTLE_NODE_WITH_TASK_TEXTS, settleWithTaskValues } from './node-runs.statements';
import { endRunValues } from './run-row.statements';
import type { Executor, NodeRunGuard, NodeRunPatch, RunPatch, TaskWrite } from './runs.repository';

const nodeRunRow = tableRowMapper(nodeRuns);
const runRow = tableRowMapper(runs);
/** The run's columns in the joined answer, as `"run.<column>"` beside the node's. */
const RUN_CARRIED = carriedColumns(runs, 'run.');

/**
 * A result's settle and the run's end in one statement (folded by core/engine fold-run-end.ts
 * when the node settled is the run's last): SETTLE_NODE_WITH_TASK's two writes, then the run's
 * END_RUN only if the node's row changed. $1-$20: SETTLE_NODE_WITH_TASK's; $21-$23: the run's
 * status, finished_at and error; $24: the states the run may be in. One row when the node was
 * settled, with the run's columns (`run....`) null when the run was not in $24.
 */
const SETTLE_NODE_WITH_TASK_AND_END_RUN = preparedStatement<{ node: NodeRunRow; run: RunRow | undefined }>(
  'rh_settle_node_with_task_and_end_run',
  `with ${SETTLE_NODE_WITH_TASK_TEXTS.changedTask},
   settled_node as (${SETTLE_NODE_WITH_TASK_TEXTS.settleNode}),
   ended_run as (
     update runs set status = $21::text, finished_at = $22::timestamptz, error = $23::jsonb
      where id = $1::text and status = any($24::text[]) and exists (select 1 from settled_node)
     returning ${columnList(runs)}
   )
   select ${columnList(nodeRuns, 'settled_node')}, ${RUN_CARRIED.selectList('ended_run')}
     from settled_node left join ended_run on true`,
  (raw) => {
    const run = RUN_CARRIED.rawRowOf(raw);
    return { node: nodeRunRow(raw), run: run.id === null ? undefined : runRow(run) };
  },
);

/** What the folded statement changed: the node (undefined: the settle was fenced out, and the run left as it was) and the run. */
export interface SettledAndEnded {
  readonly node: NodeRunRow | undefined;
  readonly run: RunRow | undefined;
}

/**
 * The settle of a task and its node and, only when that changed the node, the run's end, in
 * one statement. Undefined when either write has another shape than the two prepared
 * statements (the caller then writes them one after the other). With `commit`, the statement
 * is the transaction's last and carries its COMMIT (persistence/locking-transaction.ts).
 */
export async function settleNodeWithTaskAndEndRun(
  tx: Executor,
  settle: { readonly task: TaskWrite; readonly patch: NodeRunPatch; readonly guard: NodeRunGuard },
  end: { readonly patch: RunPatch; readonly statusIn: readonly RunStatus[] | undefined },
  commit?: TransactionEnd,
): Promise<SettledAndEnded | undefined> {
  const settleValues = settleWithTaskValues(settle.task, settle.patch, settle.guard);
  const endValues = endRunValues(settle.task.key.runId, end.patch, end.statusIn);
  if (!settleValues || !endValues) return undefined;
  // END_RUN's values are [run id, status, finished_at, error, states]: the run id is the settle's $1.
  const values = [...settleValues, ...endValues.slice(1)];
  const [row] = commit ? await commit.commitWith(SETTLE_NODE_WITH_TASK_AND_END_RUN, values) : await runPrepared(tx, SETTLE_NODE_WITH_TASK_AND_END_RUN, values);
  return { node: row?.node, run: row?.run };
}
