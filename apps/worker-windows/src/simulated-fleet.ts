import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { sandboxedExecutorFrame } from './executor-frame';
import { startWorker, type RunningWorker } from './main';
import type { RunTask } from './task-runner';
import { loadWorkerConfig, type WorkerConfig } from './worker.config';
import {
  SIMULATED_AGENT_CONCURRENCY,
  SIMULATED_AGENT_NAME_PREFIX,
  SIMULATED_SHUTDOWN_GRACE_MS,
  SIMULATED_START_PARALLEL,
} from './worker.defaults';

/**
 * `runtime-hub fleet-sim`: many worker agents in one process, each the real worker
 * (startWorker: the `/agents` control channel with enrollment, heartbeats and reconnect
 * backoff; its own BullMQ queue; claims; results on the results queue), so routing, fan-out
 * and liveness can be tried at fleet size on one machine. Only the execution is simulated:
 * each task waits `latencyMs`, fails with probability `failureRate` (a retryable
 * NODE_FAILED), else runs the real libs/nodes executor — cheap for `set`, `condition` and
 * the other control nodes a simulated fleet is given. Tasks go through the worker's own
 * TaskRunner, so these agents declare and run bundles as a worker does, each step simulated
 * like a task.
 *
 * `offlineRate`: the share of agents that, every `offlineEveryMs`, stop for
 * `offlineForMs` and start again (with their stored credential, as the same agents): the
 * coordinator sees them go offline and come back.
 */
export interface SimulatedFleetOptions {
  readonly url: string;
  readonly enrollToken: string | undefined;
  readonly count: number;
  readonly labels: readonly string[];
  readonly namePrefix?: string;
  /** Holds each agent's credential; a temporary directory (removed on stop) when not given. */
  readonly dataDir?: string;
  readonly latencyMs?: number;
  readonly failureRate?: number;
  readonly offlineRate?: number;
  readonly offlineEveryMs?: number;
  readonly offlineForMs?: number;
  /** Logs of every agent at this level (default: errors only). */
  readonly logLevel?: WorkerConfig['logLevel'];
  /** Numbers in [0, 1); tests make it deterministic. */
  readonly random?: () => number;
}

export interface SimulatedFleet {
  readonly names: readonly string[];
  stop(): Promise<void>;
}

export async function startSimulatedFleet(options: SimulatedFleetOptions): Promise<SimulatedFleet> {
  const random = options.random ?? Math.random;
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'rh-fleet-sim-')));
  const prefix = options.namePrefix ?? SIMULATED_AGENT_NAME_PREFIX;
  const names = Array.from({ length: options.count }, (_, index) => `${prefix}${String(index + 1).padStart(String(options.count).length, '0')}`);
  const logger = pino({ name: 'fleet-sim', level: options.logLevel ?? 'error' }, pino.destination({ dest: 2, sync: false }));
  // One expression sandbox (the agents' default limits) serves every simulated agent.
  const frame = sandboxedExecutorFrame({ dataDir }, loadWorkerConfig({}, {}).expressions);
  const runTask = simulatedRunTask(frame.runTask, options.latencyMs ?? 0, options.failureRate ?? 0, random);
  const workers = new Map<string, RunningWorker>();

  // Read like any worker's settings, so every setting a worker has gets its default.
  const config = (name: string): WorkerConfig => ({
    ...loadWorkerConfig(
      { url: options.url, enrollToken: options.enrollToken, name, labels: options.labels.join(','), concurrency: String(SIMULATED_AGENT_CONCURRENCY) },
      {
        RH_DATA_DIR: dataDir,
        RH_LOG_LEVEL: options.logLevel ?? 'error',
        RH_WORKER_SHUTDOWN_GRACE_MS: String(SIMULATED_SHUTDOWN_GRACE_MS),
      },
      { hostname: name, cwd: dataDir },
    ),
    // No shells are looked for: a simulated agent declares only what needs no program.
    searchPath: [],
    executableExtensions: [],
  });
  const start = async (name: string) => {
    workers.set(name, await startWorker(config(name), { runTask, os: 'linux', logger: logger.child({ agent: name }) }));
  };

  for (let from = 0; from < names.length; from += SIMULATED_START_PARALLEL) {
    await Promise.all(names.slice(from, from + SIMULATED_START_PARALLEL).map(start));
  }

  let stopping = false;
  const flapping = (async () => {
    const rate = options.offlineRate ?? 0;
    if (rate <= 0) return;
    while (!stopping) {
      await sleep(options.offlineEveryMs ?? 0);
      if (stopping) return;
      const chosen = names.filter(() => random() < rate);
      await Promise.all(chosen.map(async (name) => workers.get(name)?.stop()));
      await sleep(options.offlineForMs ?? 0);
      if (stopping) return;
      await Promise.all(chosen.map(start));
    }
  })();

  return {
    names,
    async stop() {
      stopping = true;
      await Promise.all([...workers.values()].map((worker) => worker.stop()));
      await flapping.catch(() => undefined);
      frame.close();
      logger.flush();
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function simulatedRunTask(real: RunTask, latencyMs: number, failureRate: number, random: () => number): RunTask {
  return async (task, options) => {
    const startedAt = new Date().toISOString();
    if (latencyMs > 0) await sleep(latencyMs, undefined, { signal: options.signal }).catch(() => undefined);
    if (failureRate > 0 && random() < failureRate) {
      const error = { code: 'NODE_FAILED' as const, message: 'simulated failure', retryable: true };
      return { status: 'failed', error, startedAt, finishedAt: new Date().toISOString() };
    }
    return real(task, options);
  };
}
