import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandSpec } from '../command';

export const benchSpec = {
  name: 'bench',
  summary: 'measure per-node overhead, throughput, fan-out, agents and memory against raw BullMQ',
  usage: ['runtime-hub bench [--quick] [--json] [--repeat N] [--runs N] [--only floor,chain40,...] [--size name=N,...] [--profile DIR] [--existing] [--replicas N]'],
  description:
    'Measures Runtime Hub on this machine (docs/PERFORMANCE.md). It starts what it needs: a fresh database on ' +
    "DATABASE_URL's server (dropped after), a coordinator and two workers as child processes on REDIS_URL under a " +
    'queue prefix of its own; runs each scenario after a warm-up, --repeat times, and prints a table. Progress goes ' +
    'to stderr.',
  options: {
    quick: { type: 'boolean', description: 'small sizes, one repeat: a smoke test' },
    json: { type: 'boolean', description: 'one JSON document with every figure and the machine' },
    repeat: { type: 'string', value: 'N', description: 'measure each scenario N times' },
    runs: { type: 'string', value: 'N', description: 'runs per throughput measurement' },
    only: { type: 'string', value: 'a,b', description: 'only these scenarios' },
    size: { type: 'string', value: 'name=N,...', description: "scenario sizes other than the defaults" },
    profile: { type: 'string', value: 'DIR', description: "write the coordinator's CPU profiles to DIR" },
    existing: { type: 'boolean', description: 'measure the coordinator at RH_URL (needs RH_TOKEN and RH_ENROLL_TOKEN)' },
    replicas: { type: 'string', value: 'N', description: 'start N coordinator replicas of one deployment (at most 4); runs are asked of the first, workers spread over all, coordinator figures summed' },
  },
  env: [
    ['DATABASE_URL', 'the Postgres server the bench makes its database on'],
    ['REDIS_URL', 'the Redis it uses (default redis://127.0.0.1:6379)'],
    ['RH_URL, RH_TOKEN, RH_ENROLL_TOKEN', 'with --existing: the coordinator to measure'],
  ],
  examples: [
    ['runtime-hub bench --quick', 'a quick look'],
    ['runtime-hub bench --json > bench.json', 'every figure, for a report'],
    ['runtime-hub bench --only throughput,fanout100 --replicas 2', 'the same with two coordinators'],
  ],
  exitCodes: [
    [EXIT_OK, 'every scenario was measured (goals met or not)'],
    [EXIT_FAILED, 'a scenario failed or the bench could not start'],
    [EXIT_INVALID, 'wrong arguments'],
  ],
} as const satisfies CommandSpec;
