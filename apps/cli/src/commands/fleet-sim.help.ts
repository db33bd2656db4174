import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandSpec } from '../command';

export const fleetSimSpec = {
  name: 'fleet-sim',
  summary: 'simulate a fleet of N worker agents in one process against a running coordinator',
  usage: [
    'runtime-hub fleet-sim [--agents N] [--url URL] [--labels sim] [--enroll-token T] [--name-prefix P] [--latency-ms MS] [--failure-rate R] [--offline-rate R] [--json]',
  ],
  description:
    'Starts N simulated worker agents in this process against a running coordinator: real enrollment, control ' +
    'channel, heartbeats and queues; only execution is simulated. Prints one line once all are started and runs until ' +
    'SIGINT or SIGTERM, then stops them.',
  options: {
    agents: { type: 'string', value: 'N', description: 'agents to simulate (default 200, at most 2000)' },
    url: { type: 'string', value: 'URL', description: 'the coordinator (default RH_URL)' },
    labels: { type: 'string', value: 'a,b', description: 'labels of every simulated agent (default sim)' },
    'enroll-token': { type: 'string', value: 'T', description: 'the token to enroll with (default RH_ENROLL_TOKEN)' },
    'name-prefix': { type: 'string', value: 'P', description: 'agents are named P-1, P-2, ...' },
    'latency-ms': { type: 'string', value: 'MS', description: 'simulated time each task takes' },
    'failure-rate': { type: 'string', value: 'R', description: 'share of tasks that fail, 0 to 1' },
    'offline-rate': { type: 'string', value: 'R', description: 'share of the fleet that goes offline every 30 s for 20 s, 0 to 1' },
    json: { type: 'boolean', description: 'print {agents, labels, names, startedInMs} once started' },
  },
  env: [
    ['RH_URL, RH_ENROLL_TOKEN', 'the coordinator and the token, when --url and --enroll-token are not given'],
    ['REDIS_URL', "the coordinator's Redis, when the agents must reach it directly"],
  ],
  examples: [['runtime-hub fleet-sim --agents 200 --enroll-token rhe_...', '200 agents labelled sim']],
  exitCodes: [
    [EXIT_OK, 'stopped by SIGINT or SIGTERM'],
    [EXIT_FAILED, 'the fleet could not start'],
    [EXIT_INVALID, 'wrong arguments'],
  ],
} as const satisfies CommandSpec;
