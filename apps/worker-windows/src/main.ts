import { arch } from 'node:os';
import path from 'node:path';
import type { AgentRegistration } from '@runtime-hub/protocol';
import { AliveFile } from './alive-file';
import { detectCapabilities, programFinder, type HostOs } from './capabilities';
import { ControlChannel, type RegisteredAck } from './control-channel';
import { CredentialStore, credentialFilePath } from './credential-store';
import { executorFrame, hostOs } from './executor-frame';
import { allowedCapabilities, deniedCapabilitiesOf, loadLocalPolicy, NO_POLICY } from './local-policy';
import { createWorkerLogger, type Logger } from './logger';
import { TaskQueue } from './task-queue';
import { TaskRunner, type RunTask } from './task-runner';
import type { WorkerConfig } from './worker.config';
import { WorkerConfigError } from './worker-config.error';
import { ALIVE_FILE_NAME, WORK_DIR_NAME } from './worker.defaults';
import { version as WORKER_VERSION } from '../package.json';

/**
 * The worker agent: registers with the coordinator over the control channel, then pulls its
 * own BullMQ queue and runs each task with the libs/nodes executors.
 *
 *   start:    load the credential (or require an enrollment token), detect capabilities
 *             minus those the host's local policy denies,
 *             connect (retrying with backoff until the coordinator answers), register
 *   on first registration: start pulling `agent.<id>`; on each later one: resume pulling
 *   on disconnect: pause pulling (tasks cannot be claimed); running tasks go on
 *   stop:     take no new task, let running ones finish within the grace period, abort and
 *             hand back the rest, disconnect
 */

export interface RunningWorker {
  /** Resolves with the process exit code once the worker has stopped (0: asked to stop). */
  readonly stopped: Promise<number>;
  stop(exitCode?: number): Promise<number>;
}

export interface WorkerDependencies {
  /** The executor frame; tests substitute it. */
  readonly runTask?: RunTask;
  readonly os?: HostOs;
  readonly logger?: Logger;
}

export async function startWorker(config: WorkerConfig, deps: WorkerDependencies = {}): Promise<RunningWorker> {
  const logger = deps.logger ?? createWorkerLogger(config.logLevel, config.name);
  const os = deps.os ?? hostOs();
  const credentials = new CredentialStore(credentialFilePath(config.dataDir, config.name));
  if (!(await credentials.load()) && !config.enrollToken) {
    throw new WorkerConfigError([
      `--enroll-token (RH_ENROLL_TOKEN): required until this worker holds a credential (none in ${credentials.file})`,
    ]);
  }
  const policy = config.policyFile ? await loadLocalPolicy(config.policyFile, config.policyFileNamed ?? false) : NO_POLICY;
  const detected = await detectCapabilities({
    os,
    desktop: config.desktop,
    findProgram: programFinder({ os, searchPath: config.searchPath, executableExtensions: config.executableExtensions }),
  });
  const capabilities = allowedCapabilities(detected, policy);
  const registration: AgentRegistration = {
    name: config.name,
    kind: 'worker',
    os,
    arch: arch(),
    version: WORKER_VERSION,
    labels: [...config.labels],
    capabilities,
    concurrency: config.concurrency,
    hostname: config.hostname,
  };
  logger.info({ labels: registration.labels, capabilities, denied: policy.deny, policyFile: config.policyFile, concurrency: config.concurrency, url: config.coordinatorUrl }, 'worker starting');

  const alive = AliveFile.in(config.dataDir, ALIVE_FILE_NAME);
  let taskQueue: TaskQueue | undefined;
  let stopping: Promise<number> | undefined;
  let resolveStopped: (code: number) => void = () => undefined;
  const stopped = new Promise<number>((resolve) => {
    resolveStopped = resolve;
  });

  const runner: TaskRunner = new TaskRunner({
    runTask: deps.runTask ?? executorFrame(),
    claim: (claim) => channel.claim(claim),
    log: (line) => channel.log(line),
    progress: (progress) => channel.progress(progress),
    addResult: async (result, jobId) => {
      if (!taskQueue) throw new Error('no task queue to add the result to');
      await taskQueue.addResult(result, jobId);
    },
    workspaceRoot: path.join(config.dataDir, WORK_DIR_NAME),
    maxOutputBytes: config.maxOutputBytes,
    logger,
    deniedCapabilities: (task) => deniedCapabilitiesOf(task, policy),
  });

  const onRegistered = async (ack: RegisteredAck): Promise<void> => {
    if (stopping) return;
    if (taskQueue && taskQueue.queueName !== ack.queue.name) {
      // Enrolled again under a new identity (the old one was revoked): move to the new queue.
      logger.warn({ from: taskQueue.queueName, to: ack.queue.name }, 'task queue changed');
      await taskQueue.stop(config.shutdownGraceMs);
      taskQueue = undefined;
    }
    if (taskQueue) {
      await taskQueue.resume();
      return;
    }
    taskQueue = new TaskQueue({
      queue: ack.queue,
      redisUrl: config.redisUrl ?? ack.queue.redisUrl,
      concurrency: config.concurrency,
      lockDurationMs: config.taskLockDurationMs,
      stalledIntervalMs: config.taskStalledIntervalMs,
      runner,
      logger,
    });
  };

  const channel: ControlChannel = new ControlChannel({
    coordinatorUrl: config.coordinatorUrl,
    registration,
    credentials,
    enrollToken: config.enrollToken,
    logger,
    runningTasks: () => runner.runningCount,
    handlers: {
      onRegistered: (ack) => void onRegistered(ack).catch((error: unknown) => logger.error({ err: error }, 'cannot start pulling tasks')),
      onDisconnected: () => void taskQueue?.pause().catch((error: unknown) => logger.warn({ err: error }, 'cannot pause the task queue')),
      onCancel: (cancel) => {
        const found = runner.cancel(cancel);
        logger.info({ ...cancel, found }, found ? 'task cancelled by the coordinator' : 'cancel for a task not running here');
      },
      onFatal: (error) => {
        logger.fatal({ err: error }, 'worker cannot continue');
        void stop(1);
      },
      onHeartbeat: () => void alive.touch().catch((error: unknown) => logger.warn({ err: error, file: alive.file }, 'cannot touch the liveness file')),
    },
  });

  const stop = (exitCode = 0): Promise<number> => {
    stopping ??= (async () => {
      logger.info({ running: runner.runningCount, graceMs: config.shutdownGraceMs }, 'worker stopping');
      try {
        await taskQueue?.stop(config.shutdownGraceMs);
      } catch (error) {
        logger.error({ err: error }, 'error while stopping the task queue');
      }
      await channel.close();
      logger.info('worker stopped');
      resolveStopped(exitCode);
      return exitCode;
    })();
    return stopping;
  };

  channel.start();
  return { stopped, stop };
}

/** Signals that ask the worker to stop: Ctrl-C, service managers, `docker stop`, Ctrl-Break on Windows. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGBREAK'];

/**
 * Runs the worker until a stop signal, then stops it gracefully and resolves with the exit
 * code. A second signal while stopping is ignored: `runtime-hub up` and a terminal both
 * signal the same worker on Ctrl-C, and the grace period is already bounded.
 */
export async function runWorkerProcess(config: WorkerConfig, deps: WorkerDependencies = {}): Promise<number> {
  const worker = await startWorker(config, deps);
  const onSignal = () => void worker.stop(0);
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    return await worker.stopped;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}

export { loadWorkerConfig, type WorkerConfig, type WorkerFlags } from './worker.config';
export { WorkerConfigError } from './worker-config.error';
export { startSimulatedFleet, type SimulatedFleet, type SimulatedFleetOptions } from './simulated-fleet';
