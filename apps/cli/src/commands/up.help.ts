import { DEFAULT_COORDINATOR_URL } from '../cli.defaults';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandSpec } from '../command';

export const upSpec = {
  name: 'up',
  summary: 'start Redis (if needed), the coordinator and local workers on this host',
  usage: ['runtime-hub up [--workers N] [--replicas N]'],
  description:
    'The whole system on one host (also `npm start`). Redis: REDIS_URL, else one on 127.0.0.1:6379 if it answers, ' +
    'else a redis-server started here. Postgres: DATABASE_URL, else an embedded PGlite under RH_DATA_DIR. Then the ' +
    'coordinator (REST API, dashboard, agent gateway) in this process and N worker agents as child processes. It ' +
    'prints where everything is and how to sign in; Ctrl-C stops what it started. With --replicas N, N coordinators ' +
    'share one Postgres (DATABASE_URL is then required) and Redis on consecutive ports from RH_PORT, and the workers ' +
    'are given every replica\'s URL.',
  options: {
    workers: { type: 'string', value: 'N', description: 'local worker agents to start (default 2, at most 32; 0 for none)' },
    replicas: { type: 'string', value: 'N', description: 'coordinator replicas on consecutive ports (default 1, at most 8; more than 1 needs DATABASE_URL)' },
  },
  env: [
    ['RH_PORT', `the coordinator's port (default ${new URL(DEFAULT_COORDINATOR_URL).port})`],
    ['DATABASE_URL', 'a Postgres to use instead of the embedded one'],
    ['REDIS_URL', 'a Redis to use instead of finding or starting one'],
    ['RH_DATA_DIR', 'where the embedded database, a started Redis and the admin-token file live (default ./.runtime-hub)'],
    ['RH_ADMIN_TOKEN', 'the first admin API token; when unset one is generated and written to RH_DATA_DIR/admin-token'],
    ['RH_ENROLL_TOKEN', 'the token local workers enroll with; when unset one is generated for this session'],
  ],
  examples: [
    ['runtime-hub up', 'coordinator and two workers; the dashboard at the printed URL'],
    ['RH_PORT=4100 runtime-hub up --workers 4', 'another port, four workers'],
    ['DATABASE_URL=postgres://localhost/rh runtime-hub up --replicas 2', 'two coordinators (ports 4000 and 4001) on one Postgres and Redis'],
  ],
  exitCodes: [
    [EXIT_OK, 'stopped by Ctrl-C or SIGTERM'],
    [EXIT_FAILED, 'something could not start (it says what and how to fix it)'],
    [EXIT_INVALID, 'wrong arguments'],
  ],
} as const satisfies CommandSpec;
