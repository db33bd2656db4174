/**
 * The CLI's defaults: plain constants, so `--help` pages can name them without loading the
 * config parser.
 */

/** RH_URL: the coordinator `runtime-hub up` starts by default. */
export const DEFAULT_COORDINATOR_URL = 'http://127.0.0.1:4000';
/** RH_DATA_DIR: the same default as the coordinator's, so both find the admin token file. */
export const DEFAULT_DATA_DIR = './.runtime-hub';
/** Name of the file the coordinator writes its generated admin token to, in RH_DATA_DIR. */
export const ADMIN_TOKEN_FILE_NAME = 'admin-token';

/** One REST request, connect to last byte. The API answers in milliseconds; a minute means it is stuck. */
export const REQUEST_TIMEOUT_MS = 60_000;
/**
 * `run --wait --json` asks the coordinator to hold its answer until the run ends, for this
 * long (`POST /api/runs?waitMs=`): under the coordinator's default cap (30 s) and the request
 * timeout, so a short run is one request; a longer one is then followed on `/live`.
 */
export const START_WAIT_MS = 25_000;
/** How long the coordinator may take to acknowledge a `/live` subscription before the CLI gives up. */
export const LIVE_ACK_TIMEOUT_MS = 10_000;
/**
 * After a run ended, how long `logs --follow` waits for its last lines before the final read:
 * well above the coordinator's log batching (200 ms by default) plus the trip from the agent.
 */
export const LOGS_SETTLE_AFTER_END_MS = 1_000;
/**
 * `batches start --wait` reads the batch's progress this often (batches publish no live
 * events); a line is printed when it changed. One indexed read a second.
 */
export const BATCH_PROGRESS_POLL_MS = 1_000;
