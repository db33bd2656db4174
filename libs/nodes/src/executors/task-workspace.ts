import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogStream } from '@runtime-hub/protocol';
import { errorMessage } from '../errors/error-shape';
import { WORKSPACE_REMOVE_MAX_RETRIES, WORKSPACE_REMOVE_RETRY_DELAY_MS } from './execution-defaults';

/** Longest piece of a run or node id in a workspace name: Windows paths stay far from MAX_PATH. */
const WORKSPACE_NAME_PART_MAX_CHARS = 40;

/**
 * The workspace directory name's prefix, `<runId>-<nodeId>-<attempt>-`, then a random suffix
 * from mkdtemp (two deliveries of the same task never share a directory). Only
 * `[A-Za-z0-9_-]` survive, so the path is safe in a cmd `call` line and in any shell.
 */
export function workspacePrefix(runId: string, nodeId: string, attempt: number): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, WORKSPACE_NAME_PART_MAX_CHARS) || '_';
  return `${safe(runId)}-${safe(nodeId)}-${Number.isSafeInteger(attempt) ? attempt : 0}-`;
}

export interface WorkspaceIdentity {
  readonly runId: string;
  readonly nodeId: string;
  readonly attempt: number;
}

/**
 * Runs `work` with a fresh, empty directory for this task, and removes the directory
 * afterwards whatever happened: success, failure, timeout or cancel. A removal that fails
 * (Windows: a file still open) is logged, never turned into a task failure.
 */
export async function withWorkspace<T>(
  workspaceRoot: string,
  task: WorkspaceIdentity,
  log: (stream: LogStream, line: string) => void,
  work: (workspaceDir: string) => Promise<T>,
): Promise<T> {
  await mkdir(workspaceRoot, { recursive: true });
  const workspaceDir = await mkdtemp(join(workspaceRoot, workspacePrefix(task.runId, task.nodeId, task.attempt)));
  try {
    return await work(workspaceDir);
  } finally {
    try {
      await rm(workspaceDir, {
        recursive: true,
        force: true,
        maxRetries: WORKSPACE_REMOVE_MAX_RETRIES,
        retryDelay: WORKSPACE_REMOVE_RETRY_DELAY_MS,
      });
    } catch (error) {
      log('system', `could not remove the task workspace ${workspaceDir}: ${errorMessage(error)}`);
    }
  }
}
