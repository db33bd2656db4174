import { getTableColumns } from 'drizzle-orm';
import { runs, type RunRow } from '@runtime-hub/db';
import type { RunStatus } from '@runtime-hub/protocol';
import { preparedStatement } from '../../persistence/prepared-statements';
import { columnList, columnValue, tableRowMapper, writesExactly } from '../../persistence/table-rows';
import type { RunPatch } from './runs.repository';

/** The run-row statements of every run and every result, as fixed texts prepared once per connection. */

const runRow = tableRowMapper(runs);
const RUN_COLUMNS = columnList(runs);

/**
 * The engine's one lock per run (run-transactions.ts): the run row, `FOR UPDATE`, the first
 * statement of its transaction (persistence/locking-transaction.ts). $1: the run id.
 */
export const LOCK_RUN = preparedStatement<RunRow>('rh_lock_run', `select ${RUN_COLUMNS} from runs where id = $1::text for update`, runRow);

/**
 * The run's end (RunsRepository.updateRun from the advance's finish): status, finished_at and
 * error, only while the run is in one of $5. $1: the run id; $2-$4: status, finished_at, error.
 */
export const END_RUN = preparedStatement<RunRow>(
  'rh_end_run',
  `update runs set status = $2::text, finished_at = $3::timestamptz, error = $4::jsonb
    where id = $1::text and status = any($5::text[])
   returning ${RUN_COLUMNS}`,
  runRow,
);

const ENDED_RUN_COLUMNS = ['status', 'finishedAt', 'error'] as const;

/** END_RUN's parameters when the update has its shape; undefined for any other, which the repository builds. */
export function endRunValues(runId: string, patch: RunPatch, statusIn: readonly RunStatus[] | undefined): unknown[] | undefined {
  if (!statusIn || !writesExactly(patch, ENDED_RUN_COLUMNS)) return undefined;
  const columns = getTableColumns(runs);
  return [runId, ...ENDED_RUN_COLUMNS.map((key) => columnValue(columns[key], patch[key])), [...statusIn]];
}
