import { arch } from 'node:os';
import path from 'node:path';
import type { AgentRegistration, DesktopSession } from '@runtime-hub/protocol';
import { AliveFile } from './alive-file';
import { detectCapabilities, programFinder, WORKER_FEATURES, type HostOs } from './capabilities';
import { ControlChannel } from './control-channel';
import { CredentialStore, credentialFilePath } from './credential-store';
import { hostDesktop, hostOs, hostPathRules, sandboxedExecutorFrame, type SandboxedFrame } from './executor-frame';
import { allowedCapabilities, deniedCapabilitiesOf, loadLocalPolicy, NO_POLICY, writablePolicyPaths } from './local-policy';
import { createWorkerLogger, type Logger } from './logger';
import { ResultOutbox } from './result-outbox';
import { TaskRunner, type RunTask } from './task-runner';
import type { WorkerConfig } from './worker.config';
import { WorkerConfigError } from './worker-config.error';
import { ABORT_TIMEOUT_MS, ALIVE_FILE_NAME, WORK_DIR_NAME } from './worker.defaults';
import { version as WORKER_VERSION } from '../package.json';

/**
 * The worker agent: registers with the coordinator over its one connection, then runs the
 * tasks the coordinator delivers on it with the libs/nodes executors. It needs only the
 * coordinator's URL and its own key: no queue or database credential lives on the host.
 *
 *   start:    load the credential (or require an enrollment token), detect capabilities
 *             minus those the host's local policy denies, plus the runner's features (bundles),
 *             connect (retrying with backoff until the coordinator answers), register with
 *             the attempts it still holds
 *   task:assign: accept at once (or refuse: no free slot, stopping) and run it
 *   results:  kept until the coordinator acknowledges them, sent again after a reconnect
 *   on disconnect: running tasks go on; their results wait for the connection
 *   stop:     take no new task, let running ones finish within the grace period, abort the
 *             rest (AGENT_STOPPED, which the coordinator retries), hand the results over,
 *             disconnect
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
  /** The desktop session probe; tests substitute it. */
  readonly desktopSession?: () => Promise<DesktopSession>;
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
  const capabilities = [...allowedCapabilities(detected, policy), ...WORKER_FEATURES];
  const hostPaths = hostPathRules(config, policy, os);
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
  logger.info({ labels: registration.labels, capabilities, denied: policy.deny, policyFile: config.policyFile, fileRoots: hostPaths.rules.allowRoots, concurrency: config.concurrency, url: config.coordinatorUrl }, 'worker starting');
  await warnOfHostExposure(config, hostPaths.ignoredRoots, logger);

  // A worker not asked to drive the desktop reports none, and never loads the native libraries.
  const desktopSession = deps.desktopSession ?? (config.desktop ? hostDesktopSession(logger) : async (): Promise<DesktopSession> => 'none');

  const alive = AliveFile.in(config.dataDir, ALIVE_FILE_NAME);
  let stopping: Promise<number> | undefined;
  let resolveStopped: (code: number) => void = () => undefined;
  const stopped = new Promise<number>((resolve) => {
    resolveStopped = resolve;
  });

  const outbox: ResultOutbox = new ResultOutbox({
    send: (result) => channel.sendResult(result),
    connected: () => channel.isRegistered,
    retryDelayMs: config.resultRetryDelayMs,
    logger,
  });

  // condition and switch expressions run in sandbox processes, under the configured limits.
  const frame: SandboxedFrame = deps.runTask ? { runTask: deps.runTask, close: () => undefined } : sandboxedExecutorFrame(hostPaths.rules, config.expressions);
  const runner: TaskRunner = new TaskRunner({
    runTask: frame.runTask,
    log: (line) => channel.log(line),
    progress: (progress) => channel.progress(progress),
    report: (result) => outbox.add(result),
    concurrency: config.concurrency,
    workspaceRoot: path.join(config.dataDir, WORK_DIR_NAME),
    maxOutputBytes: config.maxOutputBytes,
    bundleBudget: config.bundleBudget,
    logger,
    deniedCapabilities: (task) => deniedCapabilitiesOf(task, policy),
  });

  const channel: ControlChannel = new ControlChannel({
    coordinatorUrl: config.coordinatorUrl,
    coordinatorUrls: config.coordinatorUrls,
    registration,
    credentials,
    enrollToken: config.enrollToken,
    logger,
    runningTasks: () => runner.runningCount,
    heldTasks: () => [...runner.heldAttempts(), ...outbox.attempts()],
    desktopSession,
    handlers: {
      onRegistered: () => outbox.flush(),
      onAssign: (task) => runner.accept(task),
      onDisconnected: () => logger.info({ running: runner.runningCount, results: outbox.size }, 'tasks go on; results wait for the connection'),
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
      runner.stopAccepting();
      if (!(await runner.settled(config.shutdownGraceMs))) {
        const aborted = runner.abortAll('shutdown');
        logger.warn({ aborted, graceMs: config.shutdownGraceMs }, 'grace period over: running tasks stopped, reported as AGENT_STOPPED');
        if (!(await runner.settled(ABORT_TIMEOUT_MS))) logger.error('tasks did not stop after abort; stopping without their results');
      }
      if (exitCode === 0 && !(await outbox.drained(ABORT_TIMEOUT_MS))) {
        logger.warn({ results: outbox.size }, 'results not acknowledged before stopping; the coordinator retries those attempts');
      }
      outbox.close();
      await channel.close();
      frame.close();
      logger.info('worker stopped');
      resolveStopped(exitCode);
      return exitCode;
    })();
    return stopping;
  };

  channel.start();
  return { stopped, stop };
}

/** What an operator should know at start: a policy the tasks could change, roots that allow nothing here. */
async function warnOfHostExposure(config: WorkerConfig, ignoredRoots: readonly string[], logger: Logger): Promise<void> {
  if (ignoredRoots.length > 0) {
    logger.warn({ policyFile: config.policyFile, ignoredRoots }, 'files.allow roots that are not paths of this OS allow nothing here');
  }
  const writable = config.policyFile ? await writablePolicyPaths(config.policyFile) : [];
  if (writable.length > 0) {
    logger.warn(
      { policyFile: config.policyFile, writable },
      'this worker can change its own policy file, so the tasks it runs could lift it: make the file and its folder read-only to its account (README, "Fleet enrollment")',
    );
  }
}

/** The host's desktop session, probed afresh each time it is reported; a failing probe is `none`. */
function hostDesktopSession(logger: Logger): () => Promise<DesktopSession> {
  const desktop = hostDesktop();
  return async () => {
    try {
      return await desktop.session();
    } catch (error) {
      logger.warn({ err: error }, 'cannot tell the desktop session');
      return 'none';
    }
  };
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
