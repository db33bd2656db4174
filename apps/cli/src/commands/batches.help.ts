import type { CommandSpec } from '../command';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK } from '../command';
import { API_ENV, JSON_OPTION } from '../help/common.help';

export const batchesSpec = {
  name: 'batches',
  summary: 'run one stored workflow over a list of inputs (JSON or CSV), N at a time; progress, pause, cancel, retry failed',
  usage: [
    'runtime-hub batches [list] [--json]',
    'runtime-hub batches start --workflow NAME|ID --items FILE.json|FILE.csv [--input k=v]... [--hosts LABEL] [--concurrency N] [--priority N] [--name NAME] [--version N] [--wait] [--json]',
    'runtime-hub batches show NAME|ID [--json]',
    'runtime-hub batches items NAME|ID [--status S] [--json]',
    'runtime-hub batches pause|resume|cancel|retry NAME|ID [--json]',
  ],
  description:
    'A batch runs a stored workflow once per item, at most --concurrency at once, in item order. Items come from a JSON ' +
    'file (an array of input objects) or a CSV file (a header line naming inputs, one line per item; values take the ' +
    "inputs' declared types; an empty cell keeps the default). --input gives every item an input. --hosts runs each item " +
    'once on every agent with that label. Every item is checked before anything runs: a bad one is named by its line. ' +
    'The batch goes on after a coordinator restart. show gives its progress, items its items with their runs and errors; ' +
    'retry runs exactly the failed items again.',
  options: {
    workflow: { type: 'string', value: 'NAME|ID', description: 'start: the stored workflow' },
    items: { type: 'string', value: 'FILE', description: 'start: the items: FILE.json (array of objects) or FILE.csv (header line, then items)' },
    input: { type: 'string', multiple: true, value: 'k=v', description: 'start: an input every item gets (an item’s own value wins)' },
    hosts: { type: 'string', value: 'LABEL', description: 'start: each item once on every agent with this label' },
    concurrency: { type: 'string', value: 'N', description: 'start: items running at once (the coordinator’s default is 10)' },
    priority: { type: 'string', value: 'N', description: 'start: 1 (last) to 100 (first), default 50' },
    name: { type: 'string', value: 'NAME', description: 'start: a name to find it by' },
    version: { type: 'string', value: 'N', description: 'start: this version (default: the latest)' },
    wait: { type: 'boolean', description: 'start: print the progress until the batch ends; exit 1 when items failed' },
    status: { type: 'string', value: 'S', description: 'items: only items in this state (waiting, running, succeeded, failed, cancelled)' },
    json: JSON_OPTION,
  },
  env: API_ENV,
  examples: [
    ['runtime-hub batches start --workflow process-order --items orders.csv --concurrency 5 --wait', 'each order, five at a time'],
    ['runtime-hub batches start --workflow clean-temp --items dirs.json --hosts windows', 'each directory on every Windows host'],
    ['runtime-hub batches items orders --status failed', 'the failed items and why'],
    ['runtime-hub batches retry orders', 'run exactly the failed items again'],
  ],
  exitCodes: [
    [EXIT_OK, 'done (start --wait: every item succeeded)'],
    [EXIT_FAILED, 'start --wait: items failed or the batch was cancelled; or the coordinator could not be reached or could not do it'],
    [EXIT_INVALID, 'wrong arguments, a bad item (named by its line), or nothing of that name'],
  ],
} as const satisfies CommandSpec;
