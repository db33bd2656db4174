import type { CommandSpec } from '../command';
import { API_ENV, API_EXIT_CODES, JSON_OPTION } from '../help/common.help';

export const agentsSpec = {
  name: 'agents',
  summary: 'list agents with their status, labels and capabilities; revoke, restore, label or remove one',
  usage: [
    'runtime-hub agents [--json]',
    'runtime-hub agents revoke ID [--json]',
    'runtime-hub agents restore ID [--json]',
    'runtime-hub agents labels ID a,b [--json]',
    'runtime-hub agents remove ID [--json]',
  ],
  description:
    'Lists every agent the coordinator knows, online or not: status, kind and platform, running tasks of its ' +
    'concurrency, last heartbeat, labels and capabilities. revoke disconnects an agent at once, moves its tasks to ' +
    'other agents and refuses its key from then on; restore lets it sign in again. labels sets the labels workflows ' +
    'target it by (an agent cannot grant itself labels). remove forgets an agent that is not online, so that a new ' +
    'enrollment may take its name (an enrollment never takes over an existing agent).',
  options: { json: JSON_OPTION },
  env: API_ENV,
  examples: [
    ['runtime-hub agents', 'the fleet, one line per agent'],
    ['runtime-hub agents revoke 97d018f4-758c-453f-9331-9c6d284d6b11', 'cut one host off'],
    ['runtime-hub agents labels 97d018f4-758c-453f-9331-9c6d284d6b11 windows,finance', 'set its labels'],
  ],
  exitCodes: API_EXIT_CODES,
} as const satisfies CommandSpec;
