import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandSpec } from '../command';
import { API_ENV } from '../help/common.help';

export const logsSpec = {
  name: 'logs',
  summary: "print a run's log lines, with its child runs'; --follow until the run ends",
  usage: ['runtime-hub logs RUN [--follow] [--node ID] [--own]'],
  description:
    'Prints the log lines of a run in the order they were recorded, as `[node#attempt] line` (`stderr` or `agent` ' +
    'after the attempt for those streams). Lines of the child runs its foreach, repeat and workflow.call nodes ' +
    'started come too, after the node and iteration that started them: `[each[2] work#1] line`. --follow prints ' +
    "lines as they arrive over the coordinator's /live stream until the run has ended and its last lines are out.",
  options: {
    follow: { type: 'boolean', short: 'f', description: 'keep printing new lines until the run ends' },
    node: { type: 'string', value: 'ID', description: 'only the lines of nodes with this id' },
    own: { type: 'boolean', description: "only the run's own lines, not its child runs'" },
  },
  env: API_ENV,
  examples: [
    ['runtime-hub logs 31d5269e-ee06-49a9-9f36-87de83e21c6a', 'every line so far, child runs included'],
    ['runtime-hub logs 31d5269e-ee06-49a9-9f36-87de83e21c6a -f --node work', 'follow one node'],
  ],
  exitCodes: [
    [EXIT_OK, 'the lines were printed (a run without lines says so on stderr)'],
    [EXIT_FAILED, 'the coordinator could not be reached or refused the token'],
    [EXIT_INVALID, 'wrong arguments, or no run has that id'],
  ],
} as const satisfies CommandSpec;
