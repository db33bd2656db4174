import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TEST_REDIS_URL, uniqueQueuePrefix } from './coordinator.harness';

const CLI = path.resolve(__dirname, '../../bin/runtime-hub.js');

/** How long a CLI process may take to start or to stop in these tests. */
export const PROCESS_TIMEOUT_MS = 30_000;
/** How often `waitFor` looks again. */
const POLL_INTERVAL_MS = 50;

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRun {
  readonly child: ChildProcess;
  readonly finished: Promise<Finished>;
  stdout(): string;
}

/**
 * Runs `runtime-hub ARGS` as a child process with only PATH, the test Redis, a unique queue
 * prefix and `env` in its environment (nothing of the developer's leaks in).
 */
export function runCli(args: string[], env: Record<string, string>): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', REDIS_URL: TEST_REDIS_URL, RH_QUEUE_PREFIX: uniqueQueuePrefix(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, finished, stdout: () => stdout };
}

export async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + PROCESS_TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** Waits for the coordinator's "listening" log line (RH_LOG_LEVEL must be info or lower) and returns its URL. */
export async function waitForListening(run: CliRun): Promise<string> {
  await waitFor(() => /"msg":"coordinator listening"/.test(run.stdout()) || run.child.exitCode !== null, 'the coordinator to listen');
  const url = /"url":"([^"]+)","msg":"coordinator listening"/.exec(run.stdout())?.[1];
  if (!url) throw new Error(`the coordinator did not start:\n${run.stdout()}`);
  return url;
}

/** Stops a coordinator with SIGTERM and waits for the process to end. */
export async function stop(run: CliRun): Promise<Finished> {
  run.child.kill('SIGTERM');
  return run.finished;
}
