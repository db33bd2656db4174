/**
 * Time a process tree gets between SIGTERM and SIGKILL on POSIX: long enough for a script to
 * run its trap handlers and flush files, short enough that a timed-out node frees its slot
 * promptly. Windows has no equivalent for console programs: `taskkill /F` ends them at once.
 */
export const DEFAULT_KILL_GRACE_PERIOD_MS = 5_000;

/** How often, during the grace period, the agent checks whether the tree has already exited. */
export const KILL_POLL_INTERVAL_MS = 50;

/** Longest wait for `tasklist`, `taskkill` or `ps`; they answer in well under a second. */
export const PLATFORM_COMMAND_TIMEOUT_MS = 30_000;

/** Most output read from `tasklist` or `ps`: thousands of processes fit in far less. */
export const PLATFORM_COMMAND_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
