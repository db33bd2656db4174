import type { ExpressionSandbox } from '@runtime-hub/expressions';
import type { LogStream, RunError, UpstreamNode } from '@runtime-hub/protocol';
import type { Platform } from '../platform/platform';
import type { HostPathRules } from './file/path-access.guard';

/** One attempt of one node, as the worker hands it over (a `NodeTask` without agent routing). */
export interface ExecutionTask {
  readonly nodeType: string;
  /** Resolved by the coordinator (templates evaluated); parsed here with the node's config schema. */
  readonly config: unknown;
  readonly timeoutMs: number;
  readonly attempt: number;
  readonly idempotencyKey: string;
  readonly runId: string;
  readonly nodeId: string;
  /** The run's inputs. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Upstream nodes' state and output, keyed by node id. */
  readonly upstream: Readonly<Record<string, UpstreamNode>>;
}

export interface RunTaskOptions {
  /** Directory under which each task gets its own workspace (created if missing). */
  readonly workspaceRoot: string;
  log(stream: LogStream, line: string): void;
  progress?(percent?: number, message?: string): void;
  /** Aborted when the run or the node is cancelled. */
  readonly signal: AbortSignal;
  /** Largest output, in JSON bytes; `DEFAULT_MAX_OUTPUT_BYTES` is the usual value. */
  readonly maxOutputBytes: number;
  readonly platform: Platform;
  /** What file nodes may not touch on this host (its data directory, its policy file) and, if set, the only roots they may. */
  readonly hostPaths: HostPathRules;
  /** Where `condition` and `switch` evaluate their expression (never in this process). */
  readonly expressions: ExpressionEvaluator;
}

/** What executors need of the expression sandbox. */
export type ExpressionEvaluator = Pick<ExpressionSandbox, 'evaluate'>;

interface OutcomeTimes {
  /** ISO 8601, UTC. */
  readonly startedAt: string;
  readonly finishedAt: string;
}

export type TaskOutcome =
  | ({ readonly status: 'succeeded'; readonly output: unknown; readonly port?: string } & OutcomeTimes)
  | ({ readonly status: 'failed'; readonly error: RunError } & OutcomeTimes);
