import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CliError } from '../cli-error';
import { cliConfig, DEFAULT_COORDINATOR_URL } from '../cli.config';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { upSpec } from './up.help';
import { resolveRedis, type LocalRedis } from '../up/local-redis';
import { startLocalWorkers, type LocalWorkers } from '../up/local-workers';
import { describeStartupError } from './coordinator.command';

/**
 * `runtime-hub up [--workers N]` (also `npm start`): the whole system on one host.
 *   1. Redis: REDIS_URL, else 127.0.0.1:6379 if it answers, else a redis-server started here
 *      (see up/local-redis.ts), else exit 1 naming the three ways.
 *   2. Postgres: DATABASE_URL, else PGlite under RH_DATA_DIR (the coordinator does it).
 *   3. An enrollment token for this session, unless RH_ENROLL_TOKEN is set.
 *   4. The coordinator, in this process; then N worker agents as child processes.
 *   5. Prints where everything is; Ctrl-C (SIGINT) or SIGTERM stops what was started here
 *      (workers, coordinator, redis-server) and exits 0.
 */

/** Workers started when `--workers` is not given: two, so `target.each` fan-out shows. */
export const DEFAULT_LOCAL_WORKERS = 2;
/** More local workers than this is a load test, not a development setup. */
export const MAX_LOCAL_WORKERS = 32;
/** Random bytes of a generated enrollment token (base64url: 32 characters). */
const ENROLL_TOKEN_BYTES = 24;
/** Signals that stop `up`. They stay handled until everything is stopped. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export const upCommand: Command = {
  name: 'up',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({ args, allowPositionals: false, options: upSpec.options });
    const workerCount = parseWorkerCount(values.workers);
    const config = await cliConfig();
    await mkdir(config.dataDir, { recursive: true });

    const redis = await resolveRedis({ redisUrl: config.redisUrl, dataDir: config.dataDir });
    const enrollToken = config.enrollToken ?? randomBytes(ENROLL_TOKEN_BYTES).toString('base64url');
    const { startCoordinator } = await import('@runtime-hub/coordinator');
    let coordinator: Awaited<ReturnType<typeof startCoordinator>>;
    try {
      coordinator = await startCoordinator({ ...config.env, RH_DATA_DIR: config.dataDir, REDIS_URL: redis.url, RH_ENROLL_TOKEN: enrollToken });
    } catch (error) {
      await redis.stop();
      throw new CliError(`the coordinator did not start: ${describeStartupError(error)}`, EXIT_FAILED, { cause: error });
    }
    const workers = startLocalWorkers(
      { count: workerCount, coordinatorUrl: coordinator.url, enrollToken, dataDir: config.dataDir, os: hostOsLabel(), env: config.env },
      io,
    );
    printBanner(io, { url: coordinator.url, adminTokenFile: config.adminToken ? undefined : config.adminTokenFile, redis, databaseUrl: config.databaseUrl, dataDir: config.dataDir, workers, enrollTokenGiven: config.enrollToken !== undefined });

    await waitForStopSignal();
    io.out('stopping...');
    await stopAll(workers, coordinator, redis, io);
    io.out('stopped');
    return EXIT_OK;
  },
};

function parseWorkerCount(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LOCAL_WORKERS;
  const count = Number(text);
  if (!/^\d+$/.test(text) || count > MAX_LOCAL_WORKERS) {
    throw new CliError(`--workers ${text}: expected a whole number from 0 to ${MAX_LOCAL_WORKERS}`, EXIT_INVALID);
  }
  return count;
}

/** The OS label local workers carry, as the executors name the OS. */
function hostOsLabel(): string {
  return process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'darwin' : 'linux';
}

interface BannerFacts {
  readonly url: string;
  readonly adminTokenFile: string | undefined;
  readonly redis: LocalRedis;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly workers: LocalWorkers;
  readonly enrollTokenGiven: boolean;
}

function printBanner(io: CliIo, facts: BannerFacts): void {
  const redisOrigin = { REDIS_URL: 'from REDIS_URL', local: 'already running', started: `started here, data in ${facts.dataDir}/redis` }[facts.redis.origin];
  const urlHint = facts.url === DEFAULT_COORDINATOR_URL ? '' : `RH_URL=${facts.url} `;
  io.out('');
  io.out('Runtime Hub is up.');
  io.out(`  dashboard     ${facts.url}/   (open it in a browser; sign in with the admin token)`);
  io.out(`  coordinator   ${facts.url}   (REST API docs: ${facts.url}/api/docs)`);
  if (facts.adminTokenFile) {
    const note = existsSync(facts.adminTokenFile) ? 'the CLI reads it from there' : 'written when the first token is generated';
    io.out(`  admin token   ${facts.adminTokenFile}   (${note}; other clients: Authorization: Bearer <its content>)`);
  } else {
    io.out('  admin token   RH_ADMIN_TOKEN');
  }
  io.out(`  database      ${facts.databaseUrl ? 'DATABASE_URL' : `embedded PGlite in ${facts.dataDir}/pglite`}`);
  io.out(`  redis         ${facts.redis.origin === 'REDIS_URL' ? 'REDIS_URL' : facts.redis.url} (${redisOrigin})`);
  const workers = facts.workers.names.length > 0 ? `${facts.workers.names.join(', ')} (labels ${facts.workers.labels.join(',')})` : 'none (--workers 0)';
  io.out(`  workers       ${workers}`);
  io.out(`  enrollment    ${facts.enrollTokenGiven ? 'RH_ENROLL_TOKEN (local workers)' : 'local workers use a token generated for this session'}`);
  io.out(`                other hosts and Python agents: ${urlHint}npx runtime-hub enroll-token create --labels windows --expires 1h --uses 10`);
  io.out('');
  io.out('Run an example:');
  io.out(`  ${urlHint}npx runtime-hub run examples/batch-over-inputs.json --wait`);
  io.out(`  ${urlHint}npx runtime-hub agents`);
  io.out('');
  io.out('Ctrl-C stops everything started here.');
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    // Kept installed until the process ends: a second Ctrl-C while stopping must not end this
    // process before the workers and Redis are stopped.
    for (const signal of STOP_SIGNALS) process.on(signal, () => resolve(signal));
  });
}

async function stopAll(workers: LocalWorkers, coordinator: { close(): Promise<void> }, redis: LocalRedis, io: CliIo): Promise<void> {
  const step = async (what: string, action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      io.err(`runtime-hub up: stopping ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  // Workers first: they may still be handing results to Redis and the coordinator.
  await step('workers', () => workers.stop());
  await step('the coordinator', () => coordinator.close());
  await step('redis-server', () => redis.stop());
}
