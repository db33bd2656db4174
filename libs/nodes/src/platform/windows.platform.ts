import { spawn } from 'node:child_process';
import { NonRetryableError } from '../errors/non-retryable.error';
import { systemErrorCode } from '../errors/error-shape';
import { refuseAgentTree } from './agent-guard';
import type { Platform } from './platform';
import { assertExactImageName, killTreeInvocation, processKillByImageInvocation, windowsKillInvocation } from './kill-tree.plan';
import { parseTasklistCsv, processListInvocation } from './process-list.parse';
import { DEFAULT_KILL_GRACE_PERIOD_MS } from './platform-defaults';
import { runCommand, type CommandResult } from './run-command';
import type { Invocation } from './invocation';
import { createWindowsDesktop } from './desktop/windows.desktop';

/** taskkill's exit code when no process matched: the work is already done, not a failure. */
export const TASKKILL_NOT_FOUND_EXIT_CODE = 128;

export interface WindowsPlatformOptions {
  /** The agent's pid, never ended; the current process unless a test says otherwise. */
  readonly agentPid?: number;
}

/**
 * taskkill prints one line on stdout per process it ended (and its errors on stderr), in the
 * host's language; counting stdout lines counts ended processes whatever the language.
 */
export function countTaskkillSuccesses(stdout: string): number {
  return stdout.split(/\r?\n/).filter((line) => line.trim() !== '').length;
}

/** Ended processes from a taskkill result: 0 for "not found", a failure for anything else. */
export function taskkillOutcome(invocation: Invocation, result: CommandResult): number {
  if (result.exitCode === TASKKILL_NOT_FOUND_EXIT_CODE) return 0;
  const ended = countTaskkillSuccesses(result.stdout);
  if (result.exitCode === 0) return ended;
  throw new NonRetryableError('NODE_FAILED', `${invocation.file} ${invocation.args.join(' ')} failed (exit ${result.exitCode}): ${result.stderr.trim()}`, {
    details: { exitCode: result.exitCode, ended, stderr: result.stderr.trim() },
  });
}

/**
 * Windows. `taskkill /T /F` ends trees at once (console programs ignore the polite WM_CLOSE
 * that taskkill sends without /F, so there is no grace period to give). `tasklist` has no
 * parent pids, so the agent's ancestors are not known; only its own pid is protected, and
 * `/FI "PID ne <agent>"` keeps a kill by image off it.
 */
export function createWindowsPlatform(options: WindowsPlatformOptions = {}): Platform {
  const agentPid = options.agentPid ?? process.pid;

  async function taskkill(invocation: Invocation): Promise<number> {
    return taskkillOutcome(invocation, await runCommand(invocation));
  }

  return {
    os: 'windows',
    desktop: createWindowsDesktop(),

    spawn(invocation, spawnOptions = {}) {
      const background = spawnOptions.background === true;
      return spawn(invocation.file, [...invocation.args], {
        cwd: spawnOptions.cwd,
        env: spawnOptions.env,
        // Detached only to outlive the agent; trees are found by taskkill, not by groups.
        detached: background,
        stdio: background ? 'ignore' : ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
        windowsVerbatimArguments: invocation.windowsVerbatimArguments === true,
      });
    },

    async killTree(pid) {
      refuseAgentTree(pid, [], agentPid);
      const plan = killTreeInvocation(pid, 'windows', DEFAULT_KILL_GRACE_PERIOD_MS);
      if (plan.kind !== 'command') throw new Error('the Windows platform got a POSIX kill plan');
      return taskkill(plan.invocation);
    },

    async kill(pid) {
      refuseAgentTree(pid, [], agentPid);
      return taskkill(windowsKillInvocation(pid, { tree: false }));
    },

    async isAlive(pid) {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        return systemErrorCode(error) !== 'ESRCH';
      }
    },

    async listProcesses() {
      const invocation = processListInvocation('windows');
      const result = await runCommand(invocation);
      if (result.exitCode !== 0) throw new Error(`tasklist exited with code ${result.exitCode}: ${result.stderr.trim()}`);
      return parseTasklistCsv(result.stdout);
    },

    async killByImage(image, killOptions) {
      assertExactImageName(image);
      return taskkill(processKillByImageInvocation(image, { tree: killOptions.tree, exceptPid: agentPid }));
    },
  };
}
