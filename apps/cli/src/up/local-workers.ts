import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CliIo } from '../command';
import { stopChild } from './child-process';

/**
 * The worker agents `runtime-hub up` starts on this host: separate processes (as in
 * production, so a task that misbehaves cannot take the coordinator down), each
 * `runtime-hub worker --name local-worker-<i> --labels local,<os>` with its own data
 * directory under `<RH_DATA_DIR>/workers/`. The enrollment token reaches them through the
 * environment, not the command line, where any user of the host could read it.
 */

/**
 * How long stopping workers may take: their own grace period for running tasks (20 s by
 * default) plus time to hand tasks back; then they are killed.
 */
export const WORKER_STOP_TIMEOUT_MS = 30_000;

const CLI_ENTRY = path.resolve(__dirname, '..', '..', '..', '..', 'bin', 'runtime-hub.js');

export interface LocalWorkerOptions {
  readonly count: number;
  /** Every coordinator replica; worker i starts with the i-th (and moves on when it is gone), so they spread over the replicas. */
  readonly coordinatorUrls: readonly string[];
  readonly enrollToken: string;
  readonly dataDir: string;
  readonly os: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface LocalWorkers {
  readonly names: readonly string[];
  readonly labels: readonly string[];
  stop(): Promise<void>;
}

/**
 * Settings only the coordinator holds. A worker needs the coordinator's URL and its enroll
 * token, nothing more; it is started without the rest so that a task running on it cannot
 * read them from its environment either.
 */
const COORDINATOR_ONLY_SETTINGS = ['REDIS_URL', 'DATABASE_URL', 'RH_ADMIN_TOKEN', 'RH_QUEUE_PREFIX', 'RH_SECRETS_KEY', 'RH_SECRETS_KEY_FILE', 'RH_SECRETS_PREVIOUS_KEYS'] as const;

export function workerEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const copy: Record<string, string | undefined> = { ...env };
  for (const name of COORDINATOR_ONLY_SETTINGS) delete copy[name];
  return copy;
}

export function startLocalWorkers(options: LocalWorkerOptions, io: CliIo): LocalWorkers {
  const labels = ['local', options.os];
  let stopping = false;
  const children: Array<{ name: string; child: ChildProcess }> = [];
  for (let index = 1; index <= options.count; index += 1) {
    const name = `local-worker-${index}`;
    const first = (index - 1) % options.coordinatorUrls.length;
    const urls = [...options.coordinatorUrls.slice(first), ...options.coordinatorUrls.slice(0, first)].join(',');
    const child = spawn(
      process.execPath,
      [CLI_ENTRY, 'worker', '--url', urls, '--name', name, '--labels', labels.join(',')],
      {
        env: { ...workerEnvironment(options.env), RH_ENROLL_TOKEN: options.enrollToken, RH_DATA_DIR: path.join(options.dataDir, 'workers', name) },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.once('error', (error) => io.err(`runtime-hub up: cannot start ${name}: ${error.message}`));
    child.once('exit', (code, signal) => {
      if (!stopping) io.err(`runtime-hub up: ${name} exited (${signal ?? `code ${code}`}); the others keep running`);
    });
    children.push({ name, child });
  }
  return {
    names: children.map(({ name }) => name),
    labels,
    async stop() {
      stopping = true;
      await Promise.all(children.map(({ child }) => stopChild(child, WORKER_STOP_TIMEOUT_MS)));
    },
  };
}
