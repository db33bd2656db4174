import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandSpec } from '../command';

export const workerSpec = {
  name: 'worker',
  summary: 'run a worker agent on this host: pull and execute tasks for a coordinator',
  usage: [
    'runtime-hub worker --url URL --enroll-token T [--labels a,b] [--name N] [--concurrency K] [--desktop] [--policy FILE] [--data-dir DIR]',
    'runtime-hub worker install|uninstall [--mode systemd|service|logon] [worker flags] [--winsw FILE] [--user DOMAIN\\user] [--root DIR]',
  ],
  description:
    'Runs a worker agent in the foreground until SIGINT or SIGTERM; it then finishes its tasks (or stops them after ' +
    'the grace period) and exits 0. It enrolls once with the enroll token and from then on signs in with its own key ' +
    'pair, kept in RH_DATA_DIR with its policy file and task workspaces; it needs nothing else but the coordinator URL. ' +
    '`install` registers it as a service (Windows, systemd) or a per-user logon task for desktop work; `uninstall` ' +
    'removes it. Logs are JSON lines on stderr.',
  options: {
    url: { type: 'string', value: 'URL', description: 'the coordinator (RH_URL); its replicas separated by commas, tried in turn when one is unreachable' },
    'enroll-token': { type: 'string', value: 'T', description: 'the token to enroll with the first time (RH_ENROLL_TOKEN)' },
    labels: { type: 'string', value: 'a,b', description: 'labels workflows target it by (RH_WORKER_LABELS)' },
    name: { type: 'string', value: 'N', description: 'its name, unique in the fleet; default the host name (RH_WORKER_NAME)' },
    concurrency: { type: 'string', value: 'K', description: 'tasks it runs at once (RH_WORKER_CONCURRENCY)' },
    desktop: { type: 'boolean', description: 'it runs in a user session and may type and press keys (RH_WORKER_DESKTOP)' },
    policy: { type: 'string', value: 'FILE', description: 'the local policy file, default policy.json in RH_DATA_DIR (RH_POLICY_FILE)' },
    'data-dir': { type: 'string', value: 'DIR', description: 'its key pair, policy file and task workspaces (RH_DATA_DIR)' },
  },
  env: [
    ['RH_URL, RH_ENROLL_TOKEN', 'as --url and --enroll-token'],
    ['RH_DATA_DIR', 'its key pair, policy file and task workspaces (default ./.runtime-hub)'],
    ['RH_LOG_LEVEL', 'fatal, error, warn, info (default), debug, trace or silent'],
  ],
  examples: [
    ['runtime-hub worker --url http://hub:4000 --enroll-token rhe_... --labels windows,finance', 'enroll this host and take tasks'],
    ['runtime-hub worker --url http://hub-a:4000,http://hub-b:4000 --enroll-token rhe_...', 'two coordinator replicas: the next one when the first is gone'],
  ],
  exitCodes: [
    [EXIT_OK, 'stopped by SIGINT or SIGTERM'],
    [EXIT_FAILED, 'its token was refused, it was revoked, or it failed'],
    [EXIT_INVALID, 'wrong arguments or configuration, or a bad policy file'],
  ],
} as const satisfies CommandSpec;
