import { runs, type RunRow } from '@runtime-hub/db';
import { preparedStatement } from '../../persistence/prepared-statements';
import { tableRowMapper } from '../../persistence/table-rows';

const runRow = tableRowMapper(runs);

/** The engine's one lock per run (run-transactions.ts): the run row, `FOR UPDATE`. $1: the run id. */
export const LOCK_RUN = preparedStatement<RunRow>('rh_lock_run', 'select * from runs where id = $1::text for update', runRow);

/** A claim's lock: with other claims, never during an advance, a result or a cancel. $1: the run id. */
export const SHARE_LOCK_RUN = preparedStatement<RunRow>('rh_share_lock_run', 'select * from runs where id = $1::text for share', runRow);
