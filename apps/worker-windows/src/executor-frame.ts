import { currentOs, currentPlatform, runTask, type Desktop } from '@runtime-hub/nodes/executors';
import type { HostOs } from './capabilities';
import type { RunTask } from './task-runner';

/**
 * The libs/nodes execution frame bound to this host's platform (process trees, shells,
 * Windows command lines). Only this file imports executors.
 */
export function executorFrame(): RunTask {
  const platform = currentPlatform();
  return (task, options) => runTask(task, { ...options, platform });
}

export function hostOs(): HostOs {
  return currentOs();
}

/** The interactive desktop of this host (session state for registration and heartbeats). */
export function hostDesktop(): Desktop {
  return currentPlatform().desktop;
}
