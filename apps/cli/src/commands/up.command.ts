import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { ensureDashboardBuilt } from '../up/dashboard-build';
import { resolveRedis, type LocalRedis } from '../up/local-redis';
import { extraReplicaPorts, MAX_LOCAL_REPLICAS, startLocalReplicas, type LocalReplicas } from '../up/local-replicas';
import { startLocalWorkers, type LocalWorkers } from '../up/local-workers';
import { printBanner } from '../up/up.banner';
import { upSpec } from './up.help';
import { describeStartupError } from './coordinator.command';

/**
 * `runtime-hub up [--workers N] [--replicas N]` (also `npm start`): the whole system on one host.
 *   1. The data folder (RH_DATA_DIR) is locked for this process and the port (RH_PORT) is
 *      checked, before anything is started or opened: a second `up` in the same folder, or on
 *      a busy port, stops here with what to change.
 *   2. The dashboard is built when its build is missing or older than its sources.
 *   3. Redis: REDIS_URL, else 127.0.0.1:6379 if it answers, else a redis-server started here
 *      (see up/local-redis.ts), else exit 1 naming the three ways.
 *   4. Postgres: DATABASE_URL, else PGlite under RH_DATA_DIR (the coordinator does it).
 *   5. An enrollment token for this session, unless RH_ENROLL_TOKEN is set.
 *   6. The coordinator, in this process; with `--replicas N`, N-1 more as child processes on
 *      the following ports (up/local-replicas.ts; they need DATABASE_URL: the embedded database
 *      belongs to one process); then the worker agents as child processes, given every
 *      replica's URL.
 *   7. Prints where everything is and how to sign in; Ctrl-C (SIGINT) or SIGTERM stops what
 *      was started here (workers, coordinator, redis-server), releases the folder and exits 0.
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
    const replicaCount = parseReplicaCount(values.replicas);
    const config = await cliConfig();
    if (replicaCount > 1 && !config.databaseUrl) {
      throw new CliError(
        `--replicas ${replicaCount}: replicas share one Postgres, and the embedded database (PGlite) belongs to one process: set DATABASE_URL to a Postgres server (postgres://user@host:5432/db)`,
        EXIT_INVALID,
      );
    }
    // Loaded here, not at the top: other commands should not pay for NestJS.
    const { startCoordinator, loadCoordinatorConfig, lockDataDir, checkPortFree } = await import('@runtime-hub/coordinator');
    const coordinatorEnv = { ...config.env, RH_DATA_DIR: config.dataDir };
    const lock = await refuseUnless(() => lockDataDir(config.dataDir, 'runtime-hub up'));
    let redis: LocalRedis | undefined;
    let coordinator: Awaited<ReturnType<typeof startCoordinator>>;
    let replicas: LocalReplicas;
    let enrollToken: string;
    try {
      const { http } = await refuseUnless(async () => loadCoordinatorConfig(coordinatorEnv));
      await refuseUnless(() => checkPortFree(http.host, http.port));
      for (const port of extraReplicaPorts(http.port, replicaCount - 1)) await refuseUnless(() => checkPortFree(http.host, port));
      await refuseUnless(() => ensureDashboardBuilt((line) => io.out(line)));
      redis = await resolveRedis({ redisUrl: config.redisUrl, dataDir: config.dataDir });
      enrollToken = config.enrollToken ?? randomBytes(ENROLL_TOKEN_BYTES).toString('base64url');
      coordinator = await startCoordinator({ ...coordinatorEnv, REDIS_URL: redis.url, RH_ENROLL_TOKEN: enrollToken }).catch((error: unknown) => {
        throw new CliError(`the coordinator did not start: ${describeStartupError(error)}`, EXIT_FAILED, { cause: error });
      });
      const started = coordinator;
      replicas = await startLocalReplicas(
        {
          extra: replicaCount - 1,
          host: http.host,
          firstPort: http.port,
          env: { ...coordinatorEnv, REDIS_URL: redis.url, RH_ENROLL_TOKEN: enrollToken },
          urlOf: (port) => {
            const url = new URL(started.url);
            url.port = String(port);
            return url.origin;
          },
        },
        coordinator.url,
        io,
      ).catch(async (error: unknown) => {
        await started.close();
        throw new CliError(`a coordinator replica did not start: ${error instanceof Error ? error.message : String(error)}`, EXIT_FAILED, { cause: error });
      });
    } catch (error) {
      await redis?.stop();
      await lock.release();
      throw error;
    }
    const workers = startLocalWorkers(
      { count: workerCount, coordinatorUrls: replicas.urls, enrollToken, dataDir: config.dataDir, os: hostOsLabel(), env: config.env },
      io,
    );
    printBanner(io, {
      url: coordinator.url,
      replicaUrls: replicas.urls,
      adminTokenFromEnv: config.adminToken !== undefined,
      adminTokenFile: config.adminTokenFile,
      redis,
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      workers,
      enrollTokenGiven: config.enrollToken !== undefined,
      platform: process.platform,
    });

    await waitForStopSignal();
    io.out('stopping...');
    await stopAll(workers, replicas, coordinator, redis, io);
    await lock.release();
    io.out('stopped');
    return EXIT_OK;
  },
};

/** Runs a start-up check; what it refuses becomes one line and exit 1. */
async function refuseUnless<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    throw new CliError(describeStartupError(error), EXIT_FAILED, { cause: error });
  }
}

function parseReplicaCount(text: string | undefined): number {
  if (text === undefined) return 1;
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1 || count > MAX_LOCAL_REPLICAS) {
    throw new CliError(`--replicas ${text}: expected a whole number from 1 to ${MAX_LOCAL_REPLICAS}`, EXIT_INVALID);
  }
  return count;
}

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

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    // Kept installed until the process ends: a second Ctrl-C while stopping must not end this
    // process before the workers and Redis are stopped.
    for (const signal of STOP_SIGNALS) process.on(signal, () => resolve(signal));
  });
}

async function stopAll(workers: LocalWorkers, replicas: LocalReplicas, coordinator: { close(): Promise<void> }, redis: LocalRedis, io: CliIo): Promise<void> {
  const step = async (what: string, action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      io.err(`runtime-hub up: stopping ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  // Workers first: they may still be handing results to Redis and the coordinator.
  await step('workers', () => workers.stop());
  await step('the other coordinator replicas', () => replicas.stop());
  await step('the coordinator', () => coordinator.close());
  await step('redis-server', () => redis.stop());
}
