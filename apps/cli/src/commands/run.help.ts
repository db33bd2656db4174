import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandSpec } from '../command';
import { API_ENV, JSON_OPTION } from '../help/common.help';

export const runSpec = {
  name: 'run',
  summary: 'start a run of a workflow file or a stored workflow; --wait follows it to the end',
  usage: ['runtime-hub run FILE [--input k=v]... [--wait] [--json]', 'runtime-hub run --workflow NAME|ID [--version N] [--input k=v]... [--wait] [--json]'],
  description:
    'Starts a run. A FILE is validated here first (nothing is sent when it is invalid), then sent whole: the ' +
    'coordinator stores it as a new version of the workflow of that name when it changed, so every run keeps its ' +
    'exact definition. --workflow runs a stored workflow, named by its name or its id. --input values are converted ' +
    'to the types the workflow declares (numbers, true/false, JSON for objects and lists).\n\n' +
    'Without --wait it prints the run id once the run is accepted. With --wait it follows the run live over the ' +
    "coordinator's /live stream, prints each node as it settles, then a table of the nodes and how long the run took.",
  options: {
    workflow: { type: 'string', value: 'NAME|ID', description: 'run a stored workflow instead of a file' },
    version: { type: 'string', value: 'N', description: 'with --workflow: that version rather than the latest' },
    input: { type: 'string', multiple: true, value: 'k=v', description: 'a run input; repeat for each (the last of a name wins)' },
    wait: { type: 'boolean', description: 'follow the run to its end; the exit code says how it ended' },
    json: { ...JSON_OPTION, description: 'print what the REST API returns: the run summary, or with --wait the finished run' },
  },
  env: API_ENV,
  examples: [
    ['runtime-hub run examples/batch-over-inputs.json --wait', 'run a file and follow it to the end'],
    ['runtime-hub run --workflow batch-over-inputs --input prefix=nightly', 'start the stored workflow of that name with one input'],
    ['runtime-hub run --workflow batch-over-inputs --input \'items=["a","b"]\' --wait --json', 'a list input; the finished run as JSON'],
  ],
  exitCodes: [
    [EXIT_OK, 'the run was started (without --wait) or succeeded (with --wait)'],
    [EXIT_FAILED, 'with --wait: the run failed or was cancelled; or the coordinator could not be reached or refused the token'],
    [EXIT_INVALID, 'the file or the inputs are invalid, or no workflow has that name or id'],
  ],
} as const satisfies CommandSpec;
