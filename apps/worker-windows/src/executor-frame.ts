import { ExpressionSandbox, type SandboxOptions } from '@runtime-hub/expressions';
import {
  currentOs,
  currentPlatform,
  pathStyleOf,
  runTask,
  type Desktop,
  type ExpressionEvaluator,
  type HostPathRules,
  type PlatformOs,
} from '@runtime-hub/nodes/executors';
import type { HostOs } from './capabilities';
import type { LocalPolicy } from './local-policy';
import type { RunTask } from './task-runner';

/**
 * The libs/nodes execution frame bound to this host: its platform (process trees, shells,
 * Windows command lines), what its file nodes may touch and the worker's expression sandbox.
 * Only this file imports executors.
 */
export function executorFrame(hostPaths: HostPathRules, expressions: ExpressionEvaluator): RunTask {
  const platform = currentPlatform();
  return (task, options) => runTask(task, { ...options, platform, hostPaths, expressions });
}

/** The frame with an expression sandbox of its own; `close` stops the sandbox's processes. */
export interface SandboxedFrame {
  readonly runTask: RunTask;
  close(): void;
}

export function sandboxedExecutorFrame(hostPaths: HostPathRules, options: SandboxOptions): SandboxedFrame {
  const sandbox = ExpressionSandbox.start(options);
  return { runTask: executorFrame(hostPaths, sandbox), close: () => sandbox.close() };
}

export function hostOs(): HostOs {
  return currentOs();
}

export interface HostPaths {
  readonly rules: HostPathRules;
  /** Allowed roots written for another kind of host (`/srv/in` on Windows): left out, so they allow nothing here. */
  readonly ignoredRoots: readonly string[];
}

/**
 * How this host protects itself from the tasks it runs (docs/ARCHITECTURE.md, "Host
 * self-protection"): file nodes never touch the agent's data directory (its credential and key,
 * alive file, default policy file; the running task's own workspace excepted) nor the policy
 * file wherever it lives, and with the policy's `files.allow` nothing outside those roots.
 */
export function hostPathRules(host: { readonly dataDir: string; readonly policyFile?: string }, policy: LocalPolicy, os: PlatformOs): HostPaths {
  const style = pathStyleOf(os);
  const roots = policy.files?.allow ?? [];
  return {
    rules: {
      dataDir: host.dataDir,
      ...(host.policyFile === undefined ? {} : { policyFile: host.policyFile }),
      ...(policy.files === undefined ? {} : { allowRoots: roots.filter((root) => style.ownsRoot(root)) }),
    },
    ignoredRoots: roots.filter((root) => !style.ownsRoot(root)),
  };
}

/** The interactive desktop of this host (session state for registration and heartbeats). */
export function hostDesktop(): Desktop {
  return currentPlatform().desktop;
}
