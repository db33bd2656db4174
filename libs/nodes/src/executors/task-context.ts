import type { ExpressionScope } from '@runtime-hub/graph';
import { LOG_LINE_MAX_LENGTH, PROGRESS_MESSAGE_MAX_LENGTH, type LogStream } from '@runtime-hub/protocol';
import { pathStyleOf } from '../platform/path-style';
import type { ExecutionContext } from './executor';
import { createPathGuard } from './file/path-access.guard';
import type { ExecutionTask, RunTaskOptions } from './task.types';

/** Percent bounds of a progress report. */
const MIN_PERCENT = 0;
const MAX_PERCENT = 100;

/** What expressions evaluated on the agent (condition, switch) see: the same shape the coordinator uses. */
export function taskScope(task: ExecutionTask): ExpressionScope {
  return { inputs: { ...task.inputs }, nodes: { ...task.upstream }, run: { id: task.runId } };
}

/** A log line longer than the protocol allows is sent in pieces, none lost. */
export function splitLongLine(line: string, maxChars = LOG_LINE_MAX_LENGTH): string[] {
  if (line.length <= maxChars) return [line];
  const pieces: string[] = [];
  for (let start = 0; start < line.length; start += maxChars) pieces.push(line.slice(start, start + maxChars));
  return pieces;
}

export function buildContext<C>(
  task: ExecutionTask,
  config: C,
  options: RunTaskOptions,
  workspaceDir: string,
  signal: AbortSignal,
): ExecutionContext<C> {
  return {
    config,
    signal,
    attempt: task.attempt,
    idempotencyKey: task.idempotencyKey,
    runId: task.runId,
    nodeId: task.nodeId,
    workspaceDir,
    scope: taskScope(task),
    maxOutputBytes: options.maxOutputBytes,
    platform: options.platform,
    paths: createPathGuard(options.hostPaths, workspaceDir, pathStyleOf(options.platform.os)),
    expressions: options.expressions,
    log(stream: LogStream, line: string) {
      for (const piece of splitLongLine(line)) options.log(stream, piece);
    },
    progress(percent?: number, message?: string) {
      const bounded = percent === undefined || Number.isNaN(percent) ? undefined : Math.min(MAX_PERCENT, Math.max(MIN_PERCENT, percent));
      options.progress?.(bounded, message?.slice(0, PROGRESS_MESSAGE_MAX_LENGTH));
    },
  };
}
