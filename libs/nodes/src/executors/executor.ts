import type { ExpressionScope } from '@runtime-hub/graph';
import type { LogStream } from '@runtime-hub/protocol';
import type { Platform } from '../platform/platform';
import type { PathGuard } from './file/path-access.guard';
import type { ExpressionEvaluator } from './task.types';

/**
 * What an executor gets: its parsed config and the task's identity, plus everything
 * cross-cutting already in place (STYLE.md §8). The signal is aborted on timeout and on
 * cancel, with a `TimeoutError` or `CancelledError` as its reason; an executor stops promptly
 * when it fires and lets the reason (or any error) propagate. Logging and progress go out
 * through the context; the executor never touches a socket or a queue.
 */
export interface ExecutionContext<C> {
  readonly config: C;
  readonly signal: AbortSignal;
  /** 1 for the first execution of this node in this run. */
  readonly attempt: number;
  /**
   * `${runId}:${nodeId}` (a fan-out cell: `${runId}:${nodeId}:${agentId}`), the same for every
   * attempt: pass it to systems the node changes, so a retry or a redelivery has no second effect.
   */
  readonly idempotencyKey: string;
  readonly runId: string;
  readonly nodeId: string;
  /** An empty directory for this task alone, removed when the task ends. */
  readonly workspaceDir: string;
  /** `{ inputs, nodes, run }`, as expressions see them. */
  readonly scope: ExpressionScope;
  /** Largest output the task may return, in JSON bytes: executors that read unbounded data stop there. */
  readonly maxOutputBytes: number;
  log(stream: LogStream, line: string): void;
  progress(percent?: number, message?: string): void;
  readonly platform: Platform;
  /** Asked before any file executor touches a path: the host keeps its own files from nodes. */
  readonly paths: PathGuard;
  /** The expression sandbox: evaluate with `signal`, so a timeout or cancel stops the evaluation too. */
  readonly expressions: ExpressionEvaluator;
}

export interface ExecutorResult<O> {
  readonly output: O;
  /** The output port fired; absent: the default `out`. */
  readonly port?: string;
}

export type Executor<C, O> = (ctx: ExecutionContext<C>) => Promise<ExecutorResult<O>>;

/**
 * What a control executor (set, condition, switch, fail) uses of its context: no host, no
 * workspace, no log. The coordinator runs these executors too (`@runtime-hub/nodes/control`),
 * with this much of a context and nothing else.
 */
export type ControlContext<C> = Pick<ExecutionContext<C>, 'config' | 'signal' | 'scope' | 'expressions'>;

/** An executor that needs only a ControlContext; it fits wherever an Executor does. */
export type ControlExecutor<C, O> = (ctx: ControlContext<C>) => Promise<ExecutorResult<O>>;
