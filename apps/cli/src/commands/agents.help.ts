import type { CommandSpec } from '../command';
import { API_ENV, API_EXIT_CODES, JSON_OPTION } from '../help/common.help';

export const agentsSpec = {
  name: 'agents',
  summary: 'list agents with their status, labels and capabilities; revoke one',
  usage: ['runtime-hub agents [--json]', 'runtime-hub agents revoke ID [--json]'],
  description:
    'Lists every agent the coordinator knows, online or not: status, kind and platform, running tasks of its ' +
    'concurrency, last heartbeat, labels and capabilities. revoke disconnects an agent at once, moves its tasks to ' +
    'other agents and refuses its key from then on (the host can be enrolled anew with an enroll token).',
  options: { json: JSON_OPTION },
  env: API_ENV,
  examples: [
    ['runtime-hub agents', 'the fleet, one line per agent'],
    ['runtime-hub agents revoke 97d018f4-758c-453f-9331-9c6d284d6b11', 'cut one host off'],
  ],
  exitCodes: API_EXIT_CODES,
} as const satisfies CommandSpec;
