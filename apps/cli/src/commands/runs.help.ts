import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandSpec } from '../command';
import { API_ENV, JSON_OPTION } from '../help/common.help';

export const runsSpec = {
  name: 'runs',
  summary: 'list runs (top-level ones unless asked), show one with its child runs, cancel or retry one',
  usage: [
    'runtime-hub runs [list] [--status S] [--workflow NAME|ID] [--trigger T] [--parent RUN] [--all] [--limit N] [--cursor C] [--json]',
    'runtime-hub runs show RUN [--json]',
    'runtime-hub runs cancel RUN [--reason TEXT] [--json]',
    'runtime-hub runs retry RUN [--wait] [--json]',
  ],
  description:
    'list: the newest runs first, one line each. Runs that a foreach, repeat or workflow.call node started (child ' +
    'runs) are left out unless --all, --trigger parent or --parent asks for them; a longer history is paged with the ' +
    'printed --cursor.\n\n' +
    'show: a run with every node (status, agent, attempts, duration), its error, the run that started it, and the ' +
    'child runs it started with their iteration.\n\n' +
    'cancel: stops a run now: its queued tasks are removed, running ones are told to stop, its child runs are ' +
    'cancelled. retry: runs the failed nodes of a failed run again, with what they left unrun; --wait follows it.',
  options: {
    status: { type: 'string', value: 'S', description: 'list: only runs in this state (queued, pending, running, succeeded, failed, cancelled)' },
    workflow: { type: 'string', value: 'NAME|ID', description: 'list: only runs of this workflow' },
    trigger: { type: 'string', value: 'T', description: 'list: only runs started this way (api, cli, dashboard, schedule, batch, hook, parent)' },
    parent: { type: 'string', value: 'RUN', description: 'list: only the child runs of this run' },
    all: { type: 'boolean', description: 'list: child runs too' },
    limit: { type: 'string', value: 'N', description: 'list: runs per page (the coordinator caps it)' },
    cursor: { type: 'string', value: 'C', description: 'list: the next page, as the previous page printed it' },
    reason: { type: 'string', value: 'TEXT', description: 'cancel: why, as the run will show it' },
    wait: { type: 'boolean', description: 'retry: follow the run to its end; the exit code says how it ended' },
    json: { ...JSON_OPTION, description: 'print what the REST API returns, as JSON (show: the run with its childRuns)' },
  },
  env: API_ENV,
  examples: [
    ['runtime-hub runs --status failed', 'the failed top-level runs'],
    ['runtime-hub runs show 31d5269e-ee06-49a9-9f36-87de83e21c6a', 'one run, its nodes and its child runs'],
    ['runtime-hub runs cancel 31d5269e-ee06-49a9-9f36-87de83e21c6a --reason "wrong input"', 'stop a run'],
    ['runtime-hub runs retry 31d5269e-ee06-49a9-9f36-87de83e21c6a --wait', 'run its failed nodes again and follow it'],
  ],
  exitCodes: [
    [EXIT_OK, 'done (retry --wait: the run succeeded)'],
    [EXIT_FAILED, 'the run cannot be cancelled or retried in its state (it names the state); retry --wait: the run failed again; or the coordinator could not be reached'],
    [EXIT_INVALID, 'wrong arguments, or no run or workflow has that id or name'],
  ],
} as const satisfies CommandSpec;
