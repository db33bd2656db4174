import { z } from 'zod';

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
  /** The coordinator died while recovering this run too many times: the run is not handled again. */
  'RUN_QUARANTINED',
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
  /**
   * A secret the node's config references could not be delivered with it: it was deleted after
   * the run started, it does not decrypt under the configured keys, or it is limited to labels
   * the agent chosen for the node lacks. The message names the secret, never its value.
   */
  'SECRET_UNAVAILABLE',
  /** A bug or an unexpected condition; the message and details say what. */
  'INTERNAL',
]);
export type RunErrorCode = z.infer<typeof RunErrorCodeSchema>;

/**
 * Whether a failure with this code is retried, within the node's attempts (`retry.maxAttempts`,
 * else RH_NODE_MAX_ATTEMPTS). Two rules (docs/ARCHITECTURE.md, "Retries"):
 *
 * - No `retry` policy on the node or its workflow's defaults: the error says
 *   (`RunError.retryable`), by default this table's "by default" column; the thrower may
 *   override it (an HTTP 404 is `HTTP_ERROR` but not worth retrying; a `NODE_FAILED` thrown by a
 *   `RetryableError` is).
 * - An explicit `retry` policy: the author asked for retries, so every failure a new attempt
 *   could fix is retried, whatever the thrower said; failures that cannot change are never
 *   retried (NEVER_RETRIED). `retry.on` narrows it to the codes it lists. A `fail` node fails on
 *   purpose and is never retried.
 *
 * | code                | by default | with retry  | why                                                             |
 * | ------------------- | ---------- | ----------- | --------------------------------------------------------------- |
 * | VALIDATION_FAILED   | no         | no          | the same definition and inputs fail the same way                |
 * | NODE_FAILED         | no         | yes         | the work failed; with `retry` the author says it may pass later  |
 * | EXIT_CODE           | no         | yes         | a script's exit; with `retry` the author expects it to be flaky  |
 * | TIMEOUT             | yes        | yes         | a slow host or a hung dependency often recovers                 |
 * | CANCELLED           | no         | no          | someone asked for it to stop                                    |
 * | NO_AGENT            | no         | yes         | the node already waited for an agent; retrying waits again      |
 * | AGENT_LOST          | yes        | yes         | the host went away, not the work: another attempt may succeed   |
 * | AGENT_STOPPED       | yes        | yes         | the host was shut down, not the work                            |
 * | TASK_QUARANTINED    | no         | no          | the task took its agents down; another delivery would too       |
 * | RUN_QUARANTINED     | no         | no          | handling the run took the coordinator down, again and again     |
 * | OUTPUT_TOO_LARGE    | no         | no          | the same work returns the same output                           |
 * | TEMPLATE_ERROR      | no         | no          | upstream outputs do not change between attempts                 |
 * | EXPRESSION_LIMIT    | no         | no          | the same expression over the same data breaks the same limit    |
 * | CONFIG_INVALID      | no         | no          | the resolved config is the same on the next attempt             |
 * | MAX_ITERATIONS      | no         | no          | the loop would hit the same cap                                 |
 * | CHILD_RUN_FAILED    | no         | no          | the child run already applied its own nodes' retry policies     |
 * | HTTP_ERROR          | yes        | yes         | 5xx, resets and refused connections are usually transient       |
 * | IO_ERROR            | yes        | yes         | files locked by antivirus or another process are released later |
 * | POLICY_DENIED       | no         | no          | the host's policy says the same thing on the next attempt       |
 * | PATH_DENIED         | no         | no          | the same path is refused on the next attempt                    |
 * | WINDOW_MISMATCH     | no         | yes         | the window must be brought up first; input must not go astray   |
 * | DESKTOP_UNAVAILABLE | yes        | yes         | a locked session unlocks; another attempt may find one unlocked |
 * | SECRET_UNAVAILABLE  | no         | no          | the store and the agent's labels are changed by a person        |
 * | INTERNAL            | yes        | yes         | an unexpected error may be transient; the retry cap bounds it   |
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
  RUN_QUARANTINED: false,
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
  SECRET_UNAVAILABLE: false,
  INTERNAL: true,
};

export function isRetryableByDefault(code: RunErrorCode): boolean {
  return RETRYABLE_BY_DEFAULT[code];
}

/**
 * Failures that cannot change from one attempt to the next: never retried, whatever the retry
 * policy says. The definition, config and templates are those of the next attempt too; a cancel
 * and a host's policy are decisions; a quarantined task took its agents down.
 */
export const NEVER_RETRIED: ReadonlySet<RunErrorCode> = new Set<RunErrorCode>([
  'VALIDATION_FAILED',
  'CANCELLED',
  'TASK_QUARANTINED',
  'RUN_QUARANTINED',
  'OUTPUT_TOO_LARGE',
  'TEMPLATE_ERROR',
  'EXPRESSION_LIMIT',
  'CONFIG_INVALID',
  'MAX_ITERATIONS',
  'CHILD_RUN_FAILED',
  'POLICY_DENIED',
  'PATH_DENIED',
  'SECRET_UNAVAILABLE',
]);
