import type { ChildProcess } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import type { ProcessStartConfig, ProcessStartOutput } from '../../definitions/process/process-start.definition';
import { TimeoutError } from '../../errors/timeout.error';
import type { Invocation } from '../../platform/invocation';
import { MAX_CAPTURED_STREAM_BYTES } from '../execution-defaults';
import type { ExecutionContext, Executor } from '../executor';
import { runChild, spawnFailure } from './child-run';
import { mergeEnvironment } from './environment';
import { taskEnvironment } from './task-environment';

/**
 * Starts a program with its arguments (no shell parses them).
 *
 * With `wait` (the default) it runs like a `shell` script: lines logged as they come, the end
 * of stdout and stderr returned with the exit code, the whole tree killed on timeout, cancel
 * or the node's own `timeoutMs`. A non-zero exit code is reported, not a failure: branch on
 * it downstream, or use `shell` with `okExitCodes`.
 *
 * Without `wait` the program is started detached, with no pipes, and left running: the node
 * returns its pid once the OS has started it (and fails if it cannot start at all). Cancelling
 * the run later does not stop it; `process.kill` with the pid does.
 *
 * On Windows, `.cmd` and `.bat` files cannot be started this way (Node refuses to run them
 * without a shell); the `shell` node with `cmd` runs them.
 */
export const processStartExecutor: Executor<ProcessStartConfig, ProcessStartOutput> = async (ctx) => {
  const { config } = ctx;
  const invocation: Invocation = { file: config.command, args: config.args ?? [] };
  const cwd = config.cwd === undefined ? undefined : resolvePath(config.cwd);
  const env = mergeEnvironment(process.env, { ...config.env, ...taskEnvironment(ctx) }, ctx.platform.os);
  if (!config.wait) return { output: { pid: await startInBackground(ctx, invocation, cwd, env) } };

  const local = localTimeout(ctx.signal, config.timeoutMs);
  try {
    const result = await runChild(ctx.platform, invocation, {
      ...(cwd === undefined ? {} : { cwd }),
      env,
      signal: local.signal,
      log: ctx.log,
      maxCapturedBytes: MAX_CAPTURED_STREAM_BYTES,
    });
    return { output: { pid: result.pid, exitCode: result.exitCode, stdout: result.stdout.text(), stderr: result.stderr.text() } };
  } finally {
    local.dispose();
  }
};

/** The task signal, also aborted with a `TimeoutError` after the node's own `timeoutMs`. */
function localTimeout(signal: AbortSignal, timeoutMs: number | undefined): { signal: AbortSignal; dispose(): void } {
  if (timeoutMs === undefined) return { signal, dispose: () => undefined };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutError(timeoutMs, 'the process')), timeoutMs);
  return { signal: AbortSignal.any([signal, controller.signal]), dispose: () => clearTimeout(timer) };
}

async function startInBackground(
  ctx: ExecutionContext<ProcessStartConfig>,
  invocation: Invocation,
  cwd: string | undefined,
  env: Record<string, string>,
): Promise<number> {
  ctx.signal.throwIfAborted();
  const child = ctx.platform.spawn(invocation, { ...(cwd === undefined ? {} : { cwd }), env, background: true });
  const pid = await whenSpawned(child, invocation);
  child.unref();
  ctx.log('system', `started ${invocation.file} as pid ${pid}, left running`);
  return pid;
}

function whenSpawned(child: ChildProcess, invocation: Invocation): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid ?? 0));
    child.once('error', (error) => reject(spawnFailure(invocation, error)));
  });
}
