import { EXIT_INVALID, EXIT_OK, type CommandSpec } from '../command';

export const validateSpec = {
  name: 'validate',
  summary: 'check a workflow file: exit 0 when valid, 2 with one line per problem',
  usage: ['runtime-hub validate FILE [--json]'],
  description:
    'Checks a workflow file as the coordinator would before storing or running it: its schema, every node config, ' +
    'edges and ports, cycles, targets, templates and expressions. Each problem is one line naming the node or edge it ' +
    'is about. Works offline: no coordinator is needed.',
  options: {
    json: { type: 'boolean', description: 'print {valid, problems} as JSON' },
  },
  env: [],
  examples: [
    ['runtime-hub validate examples/web-health-check.json', 'one summary line and exit 0'],
    ['runtime-hub validate my-flow.json --json', 'the problems as JSON, for an editor or CI'],
  ],
  exitCodes: [
    [EXIT_OK, 'the workflow is valid'],
    [EXIT_INVALID, 'it is not (one line per problem), or the file cannot be read or is not JSON'],
  ],
} as const satisfies CommandSpec;
