import { DEFAULT_KILL_GRACE_PERIOD_MS } from '../platform/platform-defaults';

/**
 * Limits and timings of task execution on an agent, each one named and explained (STYLE.md
 * §6). A worker may override the ones `RunTaskOptions` exposes; the rest are fixed here.
 */

/**
 * Largest node output, as JSON bytes, an agent returns. The output travels through Redis, is
 * stored in Postgres and sent to every dashboard watching the run; 1 MiB keeps all of those
 * fast while holding any reasonable command output or API response.
 */
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

/** Time a process tree gets between SIGTERM and SIGKILL on POSIX (Windows kills at once). */
export const KILL_GRACE_PERIOD_MS = DEFAULT_KILL_GRACE_PERIOD_MS;

/**
 * Most bytes of stdout, and separately of stderr, a `shell` or `process.start` node keeps for
 * its output (every line is logged as it comes regardless). The end is kept, where results and
 * errors are printed. Two full streams still fit in the default output limit.
 */
export const MAX_CAPTURED_STREAM_BYTES = 256 * 1024;

/**
 * How long, after a process exited, the agent waits for its stdout and stderr to close. A
 * background child it left running (`server &`) holds them open forever; after this the agent
 * stops reading instead of waiting for the node's timeout.
 */
export const STDIO_DRAIN_AFTER_EXIT_MS = 2_000;

/**
 * How long a timed-out or cancelled executor gets to finish its cleanup (killing its process
 * tree) before the task is reported anyway: the kill grace period plus time for taskkill or ps.
 */
export const ABORT_SETTLE_TIMEOUT_MS = KILL_GRACE_PERIOD_MS + 5_000;

/** Lines of stderr quoted in the message of a failed script; all of stderr is in the logs. */
export const EXIT_CODE_STDERR_TAIL_LINES = 20;

/**
 * Longest delay `setTimeout` honours (2^31 - 1 ms, about 24.8 days): a longer one fires at
 * once. A task timeout above it is clamped to it.
 */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** Attempts and pause for removing a task workspace that Windows still holds (antivirus, a closing handle). */
export const WORKSPACE_REMOVE_MAX_RETRIES = 5;
export const WORKSPACE_REMOVE_RETRY_DELAY_MS = 200;

/** Characters of a failed HTTP response body quoted in the error details. */
export const HTTP_ERROR_BODY_EXCERPT_CHARS = 1_000;
