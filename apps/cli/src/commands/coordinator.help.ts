import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandSpec } from '../command';

export const coordinatorSpec = {
  name: 'coordinator',
  summary: 'run the coordinator (REST API, dashboard, agent gateway) in the foreground',
  usage: ['runtime-hub coordinator'],
  description:
    'Runs the coordinator with the configuration in its environment (every setting is listed in ' +
    'apps/coordinator/src/config/defaults.ts). On SIGINT or SIGTERM it stops accepting requests, closes its ' +
    'connections and exits 0; should that take longer than RH_SHUTDOWN_GRACE_MS it exits 1. A bad configuration or a ' +
    'failed start (Postgres not reachable, port taken) is one line on stderr.',
  options: {},
  env: [
    ['RH_PORT, RH_HOST', 'where it listens (default 127.0.0.1:4000)'],
    ['DATABASE_URL', 'its Postgres; when unset an embedded PGlite under RH_DATA_DIR'],
    ['REDIS_URL, RH_QUEUE_PREFIX', 'its Redis and the key prefix of its queues'],
    ['RH_ADMIN_TOKEN', 'the first admin API token; when unset one is generated into RH_DATA_DIR/admin-token'],
    ['RH_LOG_LEVEL', 'fatal, error, warn, info (default), debug, trace or silent'],
  ],
  examples: [['DATABASE_URL=postgres://hub@db/hub REDIS_URL=redis://queue:6379 runtime-hub coordinator', 'a production coordinator']],
  exitCodes: [
    [EXIT_OK, 'stopped by SIGINT or SIGTERM'],
    [EXIT_FAILED, 'the configuration is wrong or it could not start or stop'],
    [EXIT_INVALID, 'wrong arguments'],
  ],
} as const satisfies CommandSpec;
