import { constants } from 'node:os';
import type { ShellConfig, ShellOutput } from '../../definitions/shell/shell.definition';
import { NonRetryableError } from '../../errors/non-retryable.error';
import { EXIT_CODE_STDERR_TAIL_LINES, MAX_CAPTURED_STREAM_BYTES } from '../execution-defaults';
import type { Executor } from '../executor';
import { runChild, type ChildRunResult } from '../process/child-run';
import { mergeEnvironment } from '../process/environment';
import { taskEnvironment } from '../process/task-environment';
import { prepareShellInvocation } from './shell-invocation';

/** Shells report "killed by signal N" as exit code 128 + N; the node does the same. */
const SIGNAL_EXIT_CODE_BASE = 128;

/**
 * The exit code of a finished process. A process ended by a signal has none; the shell
 * convention 128 + signal number stands in for it (SIGKILL: 137).
 */
export function effectiveExitCode(result: Pick<ChildRunResult, 'exitCode' | 'exitSignal'>): number {
  if (result.exitCode !== null) return result.exitCode;
  const number = result.exitSignal === null ? undefined : constants.signals[result.exitSignal];
  return SIGNAL_EXIT_CODE_BASE + (number ?? 0);
}

/**
 * Runs a script in the configured shell. Output lines are logged as they come; the end of
 * stdout and stderr is returned. An exit code outside `okExitCodes` fails the node
 * (EXIT_CODE) quoting the last stderr lines. The node's variables, then the task's own
 * (`RH_*`, see task-environment.ts), are merged over the agent's environment; the working
 * directory is the configured one, else the agent's. A background process the script leaves
 * running is not ended when the script exits (only on timeout or cancel): use
 * `process.start` with `wait: false` for that on purpose.
 */
export const shellExecutor: Executor<ShellConfig, ShellOutput> = async (ctx) => {
  const { config, platform } = ctx;
  const invocation = await prepareShellInvocation(config.shell, config.script, ctx.workspaceDir, platform.os);
  const result = await runChild(platform, invocation, {
    ...(config.cwd === undefined ? {} : { cwd: config.cwd }),
    env: mergeEnvironment(process.env, { ...config.env, ...taskEnvironment(ctx) }, platform.os),
    signal: ctx.signal,
    log: ctx.log,
    maxCapturedBytes: MAX_CAPTURED_STREAM_BYTES,
  });
  const exitCode = effectiveExitCode(result);
  if (!config.okExitCodes.includes(exitCode)) {
    const stderrTail = result.stderr.lastLines(EXIT_CODE_STDERR_TAIL_LINES);
    const cause = result.exitSignal === null ? `exited with code ${exitCode}` : `was ended by ${result.exitSignal} (exit code ${exitCode})`;
    const quoted = stderrTail.length > 0 ? `; last stderr lines:\n${stderrTail.join('\n')}` : '';
    throw new NonRetryableError('EXIT_CODE', `${config.shell} script ${cause}${quoted}`, {
      details: { exitCode, ...(result.exitSignal === null ? {} : { signal: result.exitSignal }), okExitCodes: config.okExitCodes, stderrTail },
    });
  }
  return { output: { exitCode, stdout: result.stdout.text(), stderr: result.stderr.text() } };
};
