import type { CommandSpec } from '../command';
import { API_ENV, API_EXIT_CODES, JSON_OPTION } from '../help/common.help';

export const workflowsSpec = {
  name: 'workflows',
  summary: 'list stored workflows, their versions and diffs; push a file; restore a version',
  usage: [
    'runtime-hub workflows [list] [--json]',
    'runtime-hub workflows show NAME|ID [--version N] [--json]',
    'runtime-hub workflows versions NAME|ID [--json]',
    'runtime-hub workflows diff NAME|ID FROM [TO] [--json]',
    'runtime-hub workflows restore NAME|ID VERSION [--json]',
    'runtime-hub workflows push FILE [--message TEXT] [--json]',
  ],
  description:
    'The stored workflows and their history. A workflow is named by its name or its id. show prints a definition ' +
    'as JSON; diff lists what changed between two versions (TO defaults to the latest); restore copies an old version ' +
    'forward as the newest; push validates a file on the coordinator and stores it as the workflow of its name (a new ' +
    'version only when it changed).',
  options: {
    version: { type: 'string', value: 'N', description: 'show: that version rather than the latest' },
    message: { type: 'string', value: 'TEXT', description: 'push: a note kept with the new version' },
    json: JSON_OPTION,
  },
  env: API_ENV,
  examples: [
    ['runtime-hub workflows push examples/batch-over-inputs.json --message "first cut"', 'store a file'],
    ['runtime-hub workflows diff batch-over-inputs 1', 'what changed from v1 to the latest'],
  ],
  exitCodes: API_EXIT_CODES,
} as const satisfies CommandSpec;
