import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CliIo } from '../command';
import { stopChild } from './child-process';

/**
 * The extra coordinator replicas `runtime-hub up --replicas N` starts on this host: replica 1
 * runs in the `up` process as always; replicas 2..N are `runtime-hub coordinator` child
 * processes on the ports after RH_PORT, on the same Postgres (DATABASE_URL), Redis and queue
 * prefix, so they make one deployment. They start one after the other, each once the previous
 * one answers /health: the first replica creates the admin token and the deployment's row.
 */

/** More replicas than this on one host is a load test, not trying replicas out. */
export const MAX_LOCAL_REPLICAS = 8;
/** How long a replica may take to answer /health (migrations are already applied by the first). */
export const REPLICA_START_TIMEOUT_MS = 60_000;
/** How often a starting replica's /health is asked. */
const REPLICA_START_POLL_MS = 200;
/** How long a replica may take to stop (it closes its connections and releases its leases) before it is killed. */
export const REPLICA_STOP_TIMEOUT_MS = 15_000;

const CLI_ENTRY = path.resolve(__dirname, '..', '..', '..', '..', 'bin', 'runtime-hub.js');

export interface LocalReplicaOptions {
  /** Replicas to start here besides the one in this process. */
  readonly extra: number;
  readonly host: string;
  /** Replica 1's port; replica i listens on `firstPort + i - 1`. */
  readonly firstPort: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How clients reach this host (the URL of replica 1 with its port replaced). */
  readonly urlOf: (port: number) => string;
}

export interface LocalReplicas {
  /** Every replica's URL, replica 1 first. */
  readonly urls: readonly string[];
  stop(): Promise<void>;
}

/** The ports replicas 2..N will take, to check before anything starts. */
export function extraReplicaPorts(firstPort: number, extra: number): number[] {
  return Array.from({ length: extra }, (_, index) => firstPort + index + 1);
}

export async function startLocalReplicas(options: LocalReplicaOptions, firstUrl: string, io: CliIo): Promise<LocalReplicas> {
  let stopping = false;
  const children: ChildProcess[] = [];
  const urls = [firstUrl];
  const stop = async () => {
    stopping = true;
    await Promise.all(children.map((child) => stopChild(child, REPLICA_STOP_TIMEOUT_MS)));
  };
  try {
    for (const port of extraReplicaPorts(options.firstPort, options.extra)) {
      const label = `replica on port ${port}`;
      const child = spawn(process.execPath, [CLI_ENTRY, 'coordinator'], { env: { ...options.env, RH_PORT: String(port), RH_HOST: options.host }, stdio: ['ignore', 'inherit', 'inherit'] });
      child.once('error', (error) => io.err(`runtime-hub up: cannot start the ${label}: ${error.message}`));
      child.once('exit', (code, signal) => {
        if (!stopping) io.err(`runtime-hub up: the coordinator ${label} exited (${signal ?? `code ${code}`}); the other replicas keep serving`);
      });
      children.push(child);
      const url = options.urlOf(port);
      await waitForHealth(url, child, label);
      urls.push(url);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, stop };
}

async function waitForHealth(url: string, child: ChildProcess, label: string): Promise<void> {
  const deadline = Date.now() + REPLICA_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the coordinator ${label} exited while starting (its output is above)`);
    const answered = await fetch(`${url}/health`).then((response) => response.ok, () => false);
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, REPLICA_START_POLL_MS));
  }
  throw new Error(`the coordinator ${label} did not answer ${url}/health within ${REPLICA_START_TIMEOUT_MS} ms`);
}
