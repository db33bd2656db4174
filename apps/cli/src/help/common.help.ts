import { ADMIN_TOKEN_FILE_NAME, DEFAULT_COORDINATOR_URL } from '../cli.defaults';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type OptionSpec } from '../command';

/** What the help pages of the commands that call the coordinator's REST API share. */

/** How the CLI finds its API token: printed by `runtime-hub --help` (cli.config.ts does it). */
export const TOKEN_LOOKUP =
  'Commands that call the coordinator use RH_URL (default ' +
  `${DEFAULT_COORDINATOR_URL}) and the first API token of: RH_TOKEN; RH_ADMIN_TOKEN; the ` +
  `${ADMIN_TOKEN_FILE_NAME} file in RH_DATA_DIR when it is set, else in the nearest .runtime-hub ` +
  'folder of the working directory or one of its parents (as git finds .git), which ' +
  '`runtime-hub up` writes.';

export const API_ENV: ReadonlyArray<readonly [string, string]> = [
  ['RH_URL', `the coordinator (default ${DEFAULT_COORDINATOR_URL})`],
  ['RH_TOKEN', 'the API token; when unset: RH_ADMIN_TOKEN, then the admin-token file (see runtime-hub --help)'],
  ['RH_DATA_DIR', `where the ${ADMIN_TOKEN_FILE_NAME} file is; default: the nearest .runtime-hub folder up from here`],
];

export const API_EXIT_CODES: ReadonlyArray<readonly [number, string]> = [
  [EXIT_OK, 'done'],
  [EXIT_FAILED, 'the coordinator could not be reached, refused the token, or could not do it'],
  [EXIT_INVALID, 'wrong arguments, or what they name does not exist'],
];

export const JSON_OPTION = { type: 'boolean', description: 'print what the REST API returns, as JSON' } as const satisfies OptionSpec;
