/**
 * Defaults and limits that node config schemas apply. A node's own `timeoutMs` (workflow
 * level) always bounds the whole node; the per-operation timeouts here bound one request or
 * one connection attempt inside it.
 */

/** One HTTP request, connect to last body byte. Generous for slow intranet services. */
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

/** One TCP connection attempt. A port that has not answered in 5 s is, for a health check, down. */
export const DEFAULT_TCP_TIMEOUT_MS = 5_000;

/** Lowest and highest TCP port numbers a `tcp.check` may name. */
export const MIN_TCP_PORT = 1;
export const MAX_TCP_PORT = 65_535;

/** Lowest and highest HTTP status codes (RFC 9110 §15), for `okStatuses`. */
export const MIN_HTTP_STATUS = 100;
export const MAX_HTTP_STATUS = 599;

/**
 * Longest `delay`. A delay holds one of the agent's task slots while it waits; waits longer
 * than an hour belong to a schedule, not to a sleeping node.
 */
export const MAX_DELAY_MS = 3_600_000;

/**
 * Iterations of a `foreach` running at once when the config does not say. Four keeps a batch
 * moving without flooding a small fleet with child runs.
 */
export const DEFAULT_FOREACH_CONCURRENCY = 4;

/** Most iterations of one `foreach` running at once; more would starve every other run. */
export const MAX_FOREACH_CONCURRENCY = 100;

/**
 * Exit codes a `shell` script may end with and still succeed: only 0, as every shell means it.
 * Schemas copy it, so that no parsed config shares (or can change) this array.
 */
export const DEFAULT_OK_EXIT_CODES: readonly number[] = [0];

/** `process.start` waits for the process to exit (and captures its output) unless told not to. */
export const DEFAULT_PROCESS_WAIT = true;

/** `process.kill` ends the whole process tree: killing a parent alone leaves its children running. */
export const DEFAULT_KILL_TREE = true;

/** Text files are read and written as UTF-8 unless `encoding: base64` asks for raw bytes. */
export const DEFAULT_FILE_ENCODING = 'utf8';

/**
 * Largest file `file.read` returns. Its content travels in the node output, over Redis and
 * into Postgres; 10 MiB is ample for configs and logs and keeps a run's history small.
 */
export const DEFAULT_FILE_READ_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Pause between synthesized keystrokes of `keyboard.type`. 10 ms is fast, yet slow enough
 * for applications that drop keys sent in one burst.
 */
export const DEFAULT_KEYBOARD_DELAY_MS = 10;

/** Longest pause between keystrokes; above one second typing is no longer what is meant. */
export const MAX_KEYBOARD_DELAY_MS = 1_000;
