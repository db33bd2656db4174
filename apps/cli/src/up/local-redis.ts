import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from '../cli-error';
import { EXIT_FAILED } from '../command';
import { stopChild } from './child-process';
import { freeLoopbackPort, pingRedis } from './redis-probe';

/**
 * The Redis `runtime-hub up` uses, in this order (docs/ARCHITECTURE.md):
 *   1. REDIS_URL when set (used as given);
 *   2. a Redis already answering on 127.0.0.1:6379;
 *   3. a `redis-server` from PATH, started here on a free loopback port with its data (AOF,
 *      no RDB snapshots) under `<RH_DATA_DIR>/redis`, stopped when `up` stops;
 *   else exit 1 naming those three ways.
 */

export const DEFAULT_REDIS_HOST = '127.0.0.1';
export const DEFAULT_REDIS_PORT = 6379;
/** How long a redis-server started here has to answer PING. */
export const REDIS_START_TIMEOUT_MS = 15_000;
/** Between PINGs while it starts. */
export const REDIS_START_POLL_MS = 100;
/** redis-server gets this long after SIGTERM to write its AOF and exit. */
export const REDIS_STOP_TIMEOUT_MS = 10_000;
/** Characters of redis-server's own output quoted when it fails to start. */
const OUTPUT_TAIL_CHARS = 2_000;

export interface LocalRedis {
  readonly url: string;
  /** How it was found, for the banner. */
  readonly origin: 'REDIS_URL' | 'local' | 'started';
  /** Stops the redis-server started here (nothing for the other two). */
  stop(): Promise<void>;
}

export async function resolveRedis(options: { redisUrl: string | undefined; dataDir: string }): Promise<LocalRedis> {
  const nothingToStop = async () => undefined;
  if (options.redisUrl) return { url: options.redisUrl, origin: 'REDIS_URL', stop: nothingToStop };
  if (await pingRedis(DEFAULT_REDIS_HOST, DEFAULT_REDIS_PORT)) {
    return { url: `redis://${DEFAULT_REDIS_HOST}:${DEFAULT_REDIS_PORT}`, origin: 'local', stop: nothingToStop };
  }
  return startRedisServer(path.join(options.dataDir, 'redis'));
}

async function startRedisServer(dir: string): Promise<LocalRedis> {
  await mkdir(dir, { recursive: true });
  const port = await freeLoopbackPort();
  const args = ['--port', String(port), '--bind', DEFAULT_REDIS_HOST, '--dir', dir, '--save', '', '--appendonly', 'yes', '--daemonize', 'no'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const failure = new Promise<Error>((resolve) => {
    child.once('error', (error) => resolve(error));
    child.once('exit', (code, signal) => resolve(new Error(`redis-server exited (${signal ?? `code ${code}`}): ${output.trim()}`)));
  });

  const deadline = Date.now() + REDIS_START_TIMEOUT_MS;
  for (;;) {
    const failed = await Promise.race([failure, sleep(REDIS_START_POLL_MS).then(() => undefined)]);
    if (failed) {
      if ((failed as NodeJS.ErrnoException).code === 'ENOENT') throw noRedis();
      throw new CliError(`cannot start redis-server: ${failed.message}`, EXIT_FAILED, { cause: failed });
    }
    if (await pingRedis(DEFAULT_REDIS_HOST, port)) break;
    if (Date.now() > deadline) {
      await stopChild(child, REDIS_STOP_TIMEOUT_MS);
      throw new CliError(`redis-server did not answer on port ${port} within ${REDIS_START_TIMEOUT_MS} ms: ${output.trim()}`, EXIT_FAILED);
    }
  }
  // Its output is no longer needed once it answers; stop buffering it.
  child.stdout?.off('data', keep);
  child.stderr?.off('data', keep);
  child.stdout?.resume();
  child.stderr?.resume();
  return { url: `redis://${DEFAULT_REDIS_HOST}:${port}`, origin: 'started', stop: () => stopRedis(child) };
}

function stopRedis(child: ChildProcess): Promise<void> {
  return stopChild(child, REDIS_STOP_TIMEOUT_MS);
}

function noRedis(): CliError {
  return new CliError(
    'no Redis: set REDIS_URL, or run one on 127.0.0.1:6379, or put redis-server on PATH (runtime-hub up then starts it with its data in RH_DATA_DIR)',
    EXIT_FAILED,
  );
}
