/**
 * Every default of the worker agent, named and explained in one place (STYLE.md §6). The ones
 * an operator may change have an environment variable or a `runtime-hub worker` flag beside
 * them (see worker.config.ts); the others are fixed properties of the protocol.
 */

/** RH_URL: the coordinator a development worker talks to. */
export const DEFAULT_COORDINATOR_URL = 'http://127.0.0.1:4000';

/** RH_DATA_DIR: credential file, task workspaces and the liveness file live here. */
export const DEFAULT_DATA_DIR = './.runtime-hub';

/**
 * --concurrency / RH_WORKER_CONCURRENCY: tasks run at once. Most nodes wait on processes,
 * disks or the network rather than on this process, so a few at once keep a host busy
 * without letting one workflow monopolize it.
 */
export const DEFAULT_WORKER_CONCURRENCY = 4;

/**
 * RH_WORKER_SHUTDOWN_GRACE_MS: on SIGTERM/SIGINT, how long running tasks may take to finish
 * before they are aborted and handed back. Below the 30 s a Windows service manager or
 * `docker stop` allows before killing the process, so the hand-back itself still has time.
 */
export const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;

/**
 * RH_MAX_OUTPUT_BYTES: the largest node output (as JSON) the worker sends back. The same
 * figure as the coordinator's default, so an output the coordinator would refuse is refused
 * here first, with both sizes named, instead of travelling to the coordinator.
 */
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * RH_TASK_BUNDLE_TIME_BUDGET_MS: a bundle's next step starts only this soon after the bundle's
 * task started (task-bundle.ts). A bundle's results come back together, so its nodes show as
 * running only then: quick chains gain a round trip per node, a slow step ends the bundle
 * and the nodes after it are dispatched one by one, shown live as usual.
 */
export const DEFAULT_TASK_BUNDLE_TIME_BUDGET_MS = 1_000;

/**
 * RH_TASK_BUNDLE_RESULT_BUDGET_BYTES: a bundle's next step starts only while the result so far
 * (JSON) and one more output of RH_MAX_OUTPUT_BYTES fit in this. Below the coordinator's
 * RH_SOCKET_MAX_MESSAGE_BYTES (2 MiB), so a bundle's result is never refused for its size.
 */
export const DEFAULT_TASK_BUNDLE_RESULT_BUDGET_BYTES = 1536 * 1024;

/**
 * RH_EXPRESSION_TIMEOUT_MS, RH_EXPRESSION_MAX_MEMORY_MB, RH_EXPRESSION_MAX_OUTPUT_BYTES,
 * RH_EXPRESSION_MAX_DEPTH, RH_EXPRESSION_MAX_SEQUENCE_LENGTH: the limits of every expression;
 * their defaults and reasons are in libs/expressions (expression-limits.ts), shared by the
 * coordinator and the agents.
 *
 * RH_EXPRESSION_PROCESSES: sandbox processes evaluating expressions on this host (about
 * 40 MiB each at rest). One: an agent evaluates only `condition` and `switch` expressions,
 * each in microseconds, and a runaway one is killed at its deadline.
 */
export const DEFAULT_EXPRESSION_PROCESSES = 1;

/**
 * After the grace period, aborted tasks have this long to kill their process trees and report
 * AGENT_STOPPED before the worker stops without waiting for them.
 */
export const ABORT_TIMEOUT_MS = 5_000;

/** First reconnect waits about this long; each failed attempt doubles it. */
export const RECONNECT_BASE_DELAY_MS = 500;

/**
 * No reconnect waits longer than this. Thirty seconds bounds how long a fleet stays
 * disconnected after a coordinator restart, and a fleet of hundreds of hosts reconnecting
 * spread over it (jitter below) does not stampede the coordinator.
 */
export const RECONNECT_MAX_DELAY_MS = 30_000;

/**
 * Share of each reconnect delay that is random (0..1): with 0.5 a delay of 8 s becomes one
 * between 4 s and 8 s, so hosts that lost the coordinator together do not return together.
 */
export const RECONNECT_JITTER_RATIO = 0.5;

/** How long a Socket.IO connection attempt may take before it counts as failed. */
export const CONNECT_TIMEOUT_MS = 10_000;
/**
 * The longest a rate-limited handshake (RATE_LIMITED) makes the agent wait before its next
 * attempt, whatever `retryAfterMs` the coordinator names: its own rate-limit window is a
 * minute by default, and a host must not be parked for long by a misconfigured value.
 */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** How long the coordinator has to acknowledge `agent:register` before the worker reconnects. */
export const REGISTER_ACK_TIMEOUT_MS = 10_000;

/**
 * Log lines kept while the control channel is down, sent after it returns. Beyond this the
 * oldest are dropped and counted, so a long outage cannot exhaust the worker's memory.
 */
export const MAX_BUFFERED_LOG_LINES = 10_000;

/** Marks a log line cut at LOG_LINE_MAX_LENGTH. */
export const LOG_LINE_TRUNCATION_MARK = ' …[truncated]';

/** Name of the file touched on every heartbeat; container health checks test its age. */
export const ALIVE_FILE_NAME = 'worker.alive';

/**
 * The host's local policy file in the data directory, when `--policy` / RH_POLICY_FILE name
 * none. Absent: nothing is denied beyond what the host cannot run.
 */
export const POLICY_FILE_NAME = 'policy.json';

/** Sub-directory of the data directory that holds one workspace per running task. */
export const WORK_DIR_NAME = 'work';

/** Random bytes in the name of the file that probes, at start, whether the policy folder is writable: never an existing name. */
export const PROBE_NAME_RANDOM_BYTES = 6;

/** `fleet-sim`: simulated agents are named `sim-001`, `sim-002`, ... unless told otherwise. */
export const SIMULATED_AGENT_NAME_PREFIX = 'sim-';

/** `fleet-sim`: tasks each simulated agent runs at once. */
export const SIMULATED_AGENT_CONCURRENCY = 4;

/**
 * `fleet-sim`: agents started at once. A real fleet arrives spread out (reconnect jitter);
 * starting hundreds in one tick would measure the stampede, not the fleet.
 */
export const SIMULATED_START_PARALLEL = 25;

/** `fleet-sim`: a simulated agent's tasks are short; stopping waits this long for them. */
export const SIMULATED_SHUTDOWN_GRACE_MS = 2_000;

/**
 * RH_RESULT_RETRY_DELAY_MS: a result the coordinator did not acknowledge (no answer, or it
 * asked to be sent again while starting) is sent again after this long, and at every
 * reconnect. The worker keeps it until then: a result is never dropped unacknowledged.
 */
export const DEFAULT_RESULT_RETRY_DELAY_MS = 2_000;

/** How long the coordinator has to acknowledge `task:result` before it is sent again. */
export const RESULT_ACK_TIMEOUT_MS = 10_000;

/**
 * Results of the latest tasks a worker finished, kept in memory after the coordinator
 * acknowledged them: a task delivered again after it finished (a coordinator that died
 * before its delivery was settled) gets its result sent again instead of running again.
 * Results are at most RH_MAX_OUTPUT_BYTES per node they carry (a bundled task's carries one
 * output per step that ran), and most are far smaller.
 */
export const FINISHED_RESULTS_KEPT = 256;
