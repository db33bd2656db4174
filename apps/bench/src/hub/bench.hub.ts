import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { RunSummary, WorkflowDefinitionInput } from '@runtime-hub/protocol';
import { BenchSetupError } from '../bench-setup.error';
import { profileFileName } from '../profile/profile.files';
import type { CoordinatorHandle } from './coordinator.handle';
import { CoordinatorProcess } from './coordinator.process';
import { HubClient } from './hub.client';
import { PostgresBackends } from './postgres-backends';
import { cpuMillis, residentBytes } from './proc.status';
import { RemoteCoordinator } from './remote.coordinator';
import { ReplicaSet } from './replica-set';
import { RunWatcher } from './run.watcher';
import { WorkerProcess } from './worker.process';

/** Workers the bench starts: two, as the throughput scenario asks; chains use the first only. */
export const BENCH_WORKER_COUNT = 2;
/** Both workers register within this once the coordinator listens. */
export const WORKERS_ONLINE_TIMEOUT_MS = 60_000;
/** How often the agent list is read while waiting for workers. */
const WORKERS_POLL_INTERVAL_MS = 200;
/** The coordinator's name in profile file names and report summaries. */
export const COORDINATOR_PROCESS_NAME = 'coordinator';
/** Random bytes in the bench's tokens (base64url). */
const TOKEN_BYTES = 24;

interface BenchHubCommonOptions {
  /** Labels every bench worker carries; each worker also has `<label>-w<n>`. */
  readonly label: string;
  /** Data directories and process logs go here. */
  readonly workDir: string;
  /** When set, the coordinator (if the bench starts it) and the workers write CPU profiles here. */
  readonly profileDir?: string;
  /** The environment the processes inherit (PATH; RH_* settings under test). */
  readonly env: Record<string, string | undefined>;
}

/** A coordinator of the bench's own, on its fresh database and queue prefix. */
export interface BenchHubOptions extends BenchHubCommonOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  /** Coordinator processes of one deployment (`--replicas`); workers are spread over them. */
  readonly replicas: number;
}

/** A coordinator that is already running (`--existing`): the bench brings only its workers. */
export interface ExistingHubOptions extends BenchHubCommonOptions {
  readonly url: string;
  /** An API token allowed to save workflows, start runs and list agents. */
  readonly token: string;
  readonly enrollToken: string;
}

/**
 * The system under test, as `runtime-hub up` would run it on this machine: a coordinator (a
 * process of its own, on the bench's fresh database and queue prefix) and BENCH_WORKER_COUNT
 * `runtime-hub worker` processes, all with production defaults. The bench talks to it only
 * as clients do: REST, `/live`, `/agents`.
 */
export class BenchHub {
  private readonly workflowIds = new Map<string, string>();
  private closing: Promise<void> | undefined;

  private constructor(
    readonly options: BenchHubCommonOptions,
    readonly coordinator: CoordinatorHandle,
    readonly workers: readonly WorkerProcess[],
    readonly client: HubClient,
    readonly watcher: RunWatcher,
    readonly enrollToken: string,
    /** The Postgres backends of the bench's database; none for a coordinator the bench did not start. */
    readonly postgres?: PostgresBackends,
  ) {}

  static async start(options: BenchHubOptions): Promise<BenchHub> {
    const adminToken = randomBytes(TOKEN_BYTES).toString('base64url');
    const enrollToken = randomBytes(TOKEN_BYTES).toString('base64url');
    const started: CoordinatorProcess[] = [];
    try {
      // One after the other: the first applies migrations and creates the admin token.
      for (let index = 1; index <= options.replicas; index += 1) {
        const name = index === 1 ? 'coordinator' : `coordinator-${index}`;
        const coordinatorDir = path.join(options.workDir, name);
        await mkdir(coordinatorDir, { recursive: true });
        started.push(
          await CoordinatorProcess.start(
            {
              ...options.env,
              RH_PORT: '0',
              RH_HOST: '127.0.0.1',
              DATABASE_URL: options.databaseUrl,
              REDIS_URL: options.redisUrl,
              RH_QUEUE_PREFIX: options.queuePrefix,
              RH_ADMIN_TOKEN: adminToken,
              RH_ENROLL_TOKEN: enrollToken,
              RH_DATA_DIR: coordinatorDir,
            },
            { profile: index === 1 && options.profileDir !== undefined, logFile: path.join(options.workDir, `${name}.log`) },
          ),
        );
      }
    } catch (error) {
      await Promise.allSettled(started.map((replica) => replica.stop()));
      throw error;
    }
    const coordinator = started.length === 1 ? started[0]! : new ReplicaSet(started);
    let postgres: PostgresBackends | undefined;
    try {
      postgres = await PostgresBackends.connect(options.databaseUrl);
      return await BenchHub.withWorkers(options, coordinator, adminToken, enrollToken, postgres);
    } catch (error) {
      await postgres?.close();
      await coordinator.stop();
      throw error;
    }
  }

  /** The bench's workers on a coordinator that runs already; the coordinator is left as it is. */
  static attach(options: ExistingHubOptions): Promise<BenchHub> {
    return BenchHub.withWorkers(options, new RemoteCoordinator(options.url), options.token, options.enrollToken);
  }

  private static async withWorkers(
    options: BenchHubCommonOptions,
    coordinator: CoordinatorHandle,
    token: string,
    enrollToken: string,
    postgres?: PostgresBackends,
  ): Promise<BenchHub> {
    const workers: WorkerProcess[] = [];
    let client: HubClient | undefined;
    try {
      for (let index = 1; index <= BENCH_WORKER_COUNT; index += 1) {
        const name = `${options.label}-w${index}`;
        // Worker i starts with replica i (round robin) and knows them all.
        const urls = coordinator instanceof ReplicaSet ? coordinator.urls : [coordinator.url];
        const first = (index - 1) % urls.length;
        const dataDir = path.join(options.workDir, name);
        await mkdir(dataDir, { recursive: true });
        workers.push(
          new WorkerProcess({
            name,
            coordinatorUrl: [...urls.slice(first), ...urls.slice(0, first)].join(','),
            enrollToken,
            labels: [options.label, name],
            dataDir,
            logFile: path.join(options.workDir, `${name}.log`),
            ...(options.profileDir !== undefined ? { profileDir: options.profileDir } : {}),
            env: options.env,
          }),
        );
      }
      client = new HubClient(coordinator.url, token);
      await waitForWorkers(client, workers);
      const watcher = await RunWatcher.connect(client, token);
      return new BenchHub(options, coordinator, workers, client, watcher, enrollToken, postgres);
    } catch (error) {
      client?.close();
      await Promise.allSettled(workers.map((worker) => worker.stop()));
      throw error;
    }
  }

  /** The label that reaches every bench worker. */
  get allWorkersLabel(): string {
    return this.options.label;
  }

  /** The label that reaches the first worker only. */
  get firstWorkerLabel(): string {
    return `${this.options.label}-w1`;
  }

  /** Stores the workflow once per name and returns its id. */
  async workflow(definition: WorkflowDefinitionInput): Promise<string> {
    const known = this.workflowIds.get(definition.name);
    if (known) return known;
    const saved = await this.client.saveWorkflow(definition);
    this.workflowIds.set(definition.name, saved.id);
    return saved.id;
  }

  /**
   * Starts a run and waits until it has finished; a run that did not succeed fails the
   * bench (a benchmark of failing runs measures nothing). `clientMs`: from before the POST
   * to the `/live` event, as a client sees it.
   */
  async runToEnd(workflowId: string, timeoutMs: number): Promise<{ summary: RunSummary; clientMs: number }> {
    const started = performance.now();
    const accepted = await this.client.startRun(workflowId);
    const summary = await this.watcher.finishedRun(accepted.id, timeoutMs);
    const clientMs = performance.now() - started;
    if (summary.status !== 'succeeded') {
      throw new BenchSetupError(`run ${summary.id} ended ${summary.status}: ${JSON.stringify(summary.error)}`, this.coordinator.outputTail());
    }
    return { summary, clientMs };
  }

  /** Resident memory of each worker process, in their order. */
  async workerResidentBytes(): Promise<number[]> {
    return Promise.all(this.workers.map(async (worker) => (await residentBytes(worker.pid)) ?? Number.NaN));
  }

  /** CPU time all workers have used, in ms (NaN off Linux). */
  async workersCpuMs(): Promise<number> {
    const each = await Promise.all(this.workers.map((worker) => cpuMillis(worker.pid)));
    return each.reduce<number>((sum, ms) => sum + (ms ?? Number.NaN), 0);
  }

  /** Process names, as their profiles are named: the coordinator, then each worker. */
  get processNames(): string[] {
    return [COORDINATOR_PROCESS_NAME, ...this.workers.map((worker) => worker.name)];
  }

  /**
   * Stops everything, workers first (their profiles are written as they exit), after the
   * coordinator has written its profile.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.watcher.close();
    this.client.close();
    if (this.options.profileDir) {
      await this.coordinator.writeProfile(path.join(this.options.profileDir, profileFileName(COORDINATOR_PROCESS_NAME))).catch(() => null);
    }
    await Promise.allSettled(this.workers.map((worker) => worker.stop()));
    await this.coordinator.stop();
    await this.postgres?.close();
  }
}

async function waitForWorkers(client: HubClient, workers: readonly WorkerProcess[]): Promise<void> {
  const deadline = Date.now() + WORKERS_ONLINE_TIMEOUT_MS;
  const names = workers.map((worker) => worker.name);
  for (;;) {
    const agents = await client.agents().catch(() => []);
    const online = agents.filter((agent) => agent.status === 'online' && names.includes(agent.name));
    if (online.length === names.length) return;
    const exited = workers.find((worker) => !worker.running);
    if (exited || Date.now() > deadline) {
      const why = exited ? `worker ${exited.name} exited` : `workers not online within ${WORKERS_ONLINE_TIMEOUT_MS} ms`;
      throw new BenchSetupError(why, workers.map((worker) => `--- ${worker.name} ---\n${worker.outputTail()}`).join('\n'));
    }
    await new Promise((resolve) => setTimeout(resolve, WORKERS_POLL_INTERVAL_MS));
  }
}
