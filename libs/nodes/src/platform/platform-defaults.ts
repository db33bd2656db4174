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

/**
 * X11: how long a spare keycode stays bound to a typed character after its key was sent. The
 * window translates the keycode when it handles the event, not when it arrives; 100 ms is
 * far more than a responsive window takes, and costs that once per typed batch, not per key.
 */
export const X11_BIND_SETTLE_MS = 100;

/** X11: most of a window property read for a title, in 32-bit units (4 KiB): titles are far shorter. */
export const X11_PROPERTY_MAX_LONGS = 1_024;

/** Windows: most UTF-16 units of a window title read by GetWindowTextW; longer titles are cut. */
export const WINDOW_TITLE_MAX_CHARS = 1_024;
