/**
 * Names, paths and timings of installed workers (`runtime-hub worker install`), in one place.
 * Paths are where each system keeps such files: programs, configuration that administrators
 * own, and state the service writes.
 */

export const WINDOWS_SERVICE_ID = 'runtime-hub-worker';
export const WINDOWS_SERVICE_NAME = 'Runtime Hub worker';
export const SERVICE_DESCRIPTION = 'Runs Runtime Hub workflow nodes on this host for a coordinator.';
/** The WinSW wrapper is copied next to its XML under this name (WinSW reads `<its name>.xml`). */
export const WINSW_EXECUTABLE_NAME = 'runtime-hub-worker-service.exe';
export const LOGON_TASK_NAME = 'Runtime Hub worker (desktop)';
export const LOGON_TASK_DESCRIPTION = 'Starts the Runtime Hub desktop worker in the session of the user who logs on.';

/** Windows: program files of the worker (the single-file worker, WinSW and its XML). */
export const WINDOWS_PROGRAM_DIR = 'C:\\Program Files\\Runtime Hub';
/** Windows: administrators' configuration and the service's state (ProgramData is not per-user). */
export const WINDOWS_CONFIG_DIR = 'C:\\ProgramData\\Runtime Hub';

/** Linux: the unit, its environment file (the enroll token), the policy and the state directory. */
export const SYSTEMD_UNIT_NAME = 'runtime-hub-worker.service';
export const SYSTEMD_UNIT_DIR = '/etc/systemd/system';
export const LINUX_CONFIG_DIR = '/etc/runtime-hub';
export const LINUX_DATA_DIR = '/var/lib/runtime-hub';
/** Linux: the account the service runs as; never root (the worker runs other people's scripts). */
export const LINUX_SERVICE_USER = 'runtime-hub';

export const POLICY_FILE_NAME = 'policy.json';
export const ENV_FILE_NAME = 'worker.env';

/**
 * Restarts after a crash: soon at first, then backing off, so a worker that cannot start (a
 * bad flag, a full disk) does not spin. Three delays, as Windows' recovery options allow.
 */
export const SERVICE_RESTART_DELAYS_S: readonly number[] = [10, 30, 60];
/** systemd: delay before a restart after a failure (the first of the delays above). */
export const SYSTEMD_RESTART_SEC = 10;
/** Windows: the failure count resets after this many hours without one. */
export const SERVICE_RESET_FAILURE_AFTER_H = 1;
/**
 * Stop: the worker gets this long to hand its tasks back. Longer than its own shutdown grace
 * (worker.defaults.ts, 20 s) plus the hand-back timeout (5 s), so it is never killed mid-hand-back.
 */
export const SERVICE_STOP_TIMEOUT_S = 30;
/** WinSW: the service log rolls at 10 MiB, eight files kept. */
export const SERVICE_LOG_ROLL_KB = 10_240;
export const SERVICE_LOG_FILES_KEPT = 8;
/** Logon task: restarted a minute after a failure, up to this many times per logon. */
export const LOGON_TASK_RESTART_INTERVAL_MIN = 1;
export const LOGON_TASK_RESTART_COUNT = 999;

/** The policy an install writes when the host has none: nothing denied, ready to edit. */
export const DEFAULT_POLICY_TEXT = `${JSON.stringify({ deny: [] }, null, 2)}\n`;
