import { z } from 'zod';
import { JsonObjectSchema } from './common.schema';
import { NodeIdSchema } from './workflow.schema';
import { ERROR_MESSAGE_MAX_LENGTH } from './protocol-limits';

/**
 * Why a node or a run failed, as a code the dispatcher branches on (STYLE.md §4) and a
 * message a person reads. The dispatcher never parses the message.
 */
export const RunErrorCodeSchema = z.enum([
  /** The workflow definition or the run's inputs did not validate. */
  'VALIDATION_FAILED',
  /** A `fail` node ran, or an executor reported a failure of the work itself. */
  'NODE_FAILED',
  /** A script or process exited with a code its node does not accept. */
  'EXIT_CODE',
  /** The node ran longer than its `timeoutMs`; its process tree was killed. */
  'TIMEOUT',
  /** The run or the node was cancelled. */
  'CANCELLED',
  /** No online agent matches the node's target (after waiting, when waiting is bounded). */
  'NO_AGENT',
  /** The agent running the node stopped heartbeating, disconnected or restarted mid-task. */
  'AGENT_LOST',
  /** The agent was stopped (shutdown) before the node finished; it stopped the node's processes. */
  'AGENT_STOPPED',
  /** The node's agent was lost while running it too many times: it is not delivered again. */
  'TASK_QUARANTINED',
  /** The node's output exceeded the size an agent may return. */
  'OUTPUT_TOO_LARGE',
  /** A `{{ }}` template or an expression failed to evaluate at run time. */
  'TEMPLATE_ERROR',
  /**
   * A `{{ }}` template or an expression broke a limit of the expression sandbox (time, memory,
   * output size, depth, sequence length); the message names the limit, its figure and the field.
   */
  'EXPRESSION_LIMIT',
  /** The resolved node config does not match the node type's config schema. */
  'CONFIG_INVALID',
  /** `foreach` / `repeat` reached `maxIterations`. */
  'MAX_ITERATIONS',
  /** A child run (`workflow.call`, `foreach`, `repeat`) ended failed or cancelled. */
  'CHILD_RUN_FAILED',
  /** An HTTP request failed or answered with a status the node does not accept. */
  'HTTP_ERROR',
  /** A file or socket operation failed on the host (locked file, full disk, refused connection). */
  'IO_ERROR',
  /** The host's local policy denies a capability the node needs; the agent refused to run it. */
  'POLICY_DENIED',
  /**
   * A file node named a path the host keeps from nodes: the agent's data directory, its policy
   * file, or anything outside the roots its policy allows. Nothing was touched.
   */
  'PATH_DENIED',
  /** A desktop node found another window focused than the one its `window` pattern names. */
  'WINDOW_MISMATCH',
  /** A desktop node found no desktop to drive: no display, a locked session, no input library. */
  'DESKTOP_UNAVAILABLE',
  /** A bug or an unexpected condition; the message and details say what. */
  'INTERNAL',
]);
export type RunErrorCode = z.infer<typeof RunErrorCodeSchema>;

/**
 * Whether a failure with this code is retried by default, within the node's retry policy
 * (`retry.maxAttempts`). The thrower may override it in `RunError.retryable`: an HTTP 404 is
 * `HTTP_ERROR` but not worth retrying; a `NODE_FAILED` thrown by a `RetryableError` is.
 *
 * | code              | retryable | why                                                             |
 * | ----------------- | --------- | --------------------------------------------------------------- |
 * | VALIDATION_FAILED | no        | the same definition and inputs fail the same way                |
 * | NODE_FAILED       | no        | the work itself said it failed (a `fail` node, a failed check)  |
 * | EXIT_CODE         | no        | scripts are deterministic enough that a rerun rarely helps      |
 * | TIMEOUT           | yes       | a slow host or a hung dependency often recovers                 |
 * | CANCELLED         | no        | someone asked for it to stop                                    |
 * | NO_AGENT          | no        | the node already waited for an agent; retrying waits again      |
 * | AGENT_LOST        | yes       | the host went away, not the work: another attempt may succeed   |
 * | AGENT_STOPPED     | yes       | the host was shut down, not the work                            |
 * | TASK_QUARANTINED  | no        | the task took its agents down; another delivery would too       |
 * | OUTPUT_TOO_LARGE  | no        | the same work returns the same output                           |
 * | TEMPLATE_ERROR    | no        | upstream outputs do not change between attempts                 |
 * | EXPRESSION_LIMIT  | no        | the same expression over the same data breaks the same limit    |
 * | CONFIG_INVALID    | no        | the resolved config is the same on the next attempt             |
 * | MAX_ITERATIONS    | no        | the loop would hit the same cap                                 |
 * | CHILD_RUN_FAILED  | no        | the child run already applied its own nodes' retry policies     |
 * | HTTP_ERROR        | yes       | 5xx, resets and refused connections are usually transient       |
 * | IO_ERROR          | yes       | files locked by antivirus or another process are released later |
 * | POLICY_DENIED     | no        | the host's policy says the same thing on the next attempt       |
 * | PATH_DENIED       | no        | the same path is refused on the next attempt                    |
 * | WINDOW_MISMATCH   | no        | the window must be brought up first; input must not go astray   |
 * | DESKTOP_UNAVAILABLE | yes     | a locked session unlocks; another attempt may find one unlocked |
 * | INTERNAL          | yes       | an unexpected error may be transient; the retry cap bounds it   |
 */
export const RETRYABLE_BY_DEFAULT: Readonly<Record<RunErrorCode, boolean>> = {
  VALIDATION_FAILED: false,
  NODE_FAILED: false,
  EXIT_CODE: false,
  TIMEOUT: true,
  CANCELLED: false,
  NO_AGENT: false,
  AGENT_LOST: true,
  AGENT_STOPPED: true,
  TASK_QUARANTINED: false,
  OUTPUT_TOO_LARGE: false,
  TEMPLATE_ERROR: false,
  EXPRESSION_LIMIT: false,
  CONFIG_INVALID: false,
  MAX_ITERATIONS: false,
  CHILD_RUN_FAILED: false,
  HTTP_ERROR: true,
  IO_ERROR: true,
  POLICY_DENIED: false,
  PATH_DENIED: false,
  WINDOW_MISMATCH: false,
  DESKTOP_UNAVAILABLE: true,
  INTERNAL: true,
};

export function isRetryableByDefault(code: RunErrorCode): boolean {
  return RETRYABLE_BY_DEFAULT[code];
}

export const RunErrorSchema = z.strictObject({
  code: RunErrorCodeSchema,
  message: z.string().max(ERROR_MESSAGE_MAX_LENGTH),
  /** Whether the dispatcher may try again (within the node's retry policy). */
  retryable: z.boolean(),
  /** The node that failed, when the error is about one (a run's error names its failing node). */
  nodeId: NodeIdSchema.optional(),
  /** Machine-readable facts: exit code, last stderr lines, HTTP status, config path, sizes. */
  details: JsonObjectSchema.optional(),
});
export type RunError = z.infer<typeof RunErrorSchema>;
