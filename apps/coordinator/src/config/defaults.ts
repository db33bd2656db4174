/**
 * Every default of the coordinator, named and explained in one place (STYLE.md §6). Each can
 * be overridden by the environment variable given beside it (see coordinator.config.ts).
 */

/** RH_PORT: the REST API, the dashboard and Socket.IO share one port. */
export const DEFAULT_PORT = 4000;
/** RH_HOST: loopback by default so a development coordinator is not exposed by accident. */
export const DEFAULT_HOST = '127.0.0.1';
/** RH_DATA_DIR: embedded Postgres (PGlite) data and the admin token file live here. */
export const DEFAULT_DATA_DIR = './.runtime-hub';
/** REDIS_URL: the Redis every developer machine runs. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/**
 * RH_QUEUE_PREFIX: BullMQ key prefix, so several deployments (or tests) share one Redis. A
 * prefix belongs to the first deployment that starts on it (`<prefix>:owner`); another
 * deployment on the same Redis must set its own.
 */
export const DEFAULT_QUEUE_PREFIX = 'rh';
/**
 * RH_REDIS_STARTUP_TIMEOUT_MS: how long a starting coordinator waits for Redis to answer while
 * it claims its queue prefix. Half a minute covers a Redis container still loading its AOF;
 * after that the start fails naming Redis rather than hanging.
 */
export const DEFAULT_REDIS_STARTUP_TIMEOUT_MS = 30_000;

/** RH_DB_POOL_SIZE: connections to Postgres; results, dispatch and the API share them. */
export const DEFAULT_DB_POOL_SIZE = 10;

/** RH_NODE_TIMEOUT_MS: a node that sets no timeout (nor its workflow defaults) gets one minute. */
export const DEFAULT_NODE_TIMEOUT_MS = 60_000;
/** RH_NODE_MAX_ATTEMPTS: attempts in all for a node without a retry policy (as in the design example). */
export const DEFAULT_NODE_MAX_ATTEMPTS = 3;
/** RH_NODE_RETRY_DELAY_MS: delay before the second attempt; doubled for each attempt after. */
export const DEFAULT_NODE_RETRY_DELAY_MS = 1_000;
/** RH_NODE_RETRY_MAX_DELAY_MS: no single backoff waits longer than five minutes. */
export const DEFAULT_NODE_RETRY_MAX_DELAY_MS = 300_000;

/**
 * RH_CONTROL_DECISIONS_PER_TRANSACTION: control nodes (set, condition, switch, fail) the engine
 * decides in one transaction of an advance, following a chain or a fan-out of them. The run's
 * lock is held meanwhile, so the bound keeps one advance from holding it for a whole huge
 * workflow; past it the advance commits and goes on in its next round (ADVANCE_MAX_ROUNDS).
 * 1,000 covers the widest fan-out the bench measures (100) ten times over.
 */
export const DEFAULT_CONTROL_DECISIONS_PER_TRANSACTION = 1_000;

/**
 * RH_MAX_NODES_PER_RUN: the most nodes one workflow definition (so one run) may hold. Checking,
 * storing and starting a definition costs time in proportion to its nodes on the
 * coordinator's event loop; 10,000 parallel nodes are measured to keep `/health` and
 * heartbeats in time (docs/PERFORMANCE.md), a larger definition is refused with 400
 * TOO_MANY_NODES before anything else reads it. More work belongs in a `foreach` or a batch.
 */
export const DEFAULT_MAX_NODES_PER_RUN = 10_000;

/**
 * RH_ENGINE_YIELD_EVERY_NODES: node-by-node work of one run that needs no I/O (preparing nodes
 * whose config holds no template, serializing the run view) gives the event loop back after this many nodes, so that a
 * run of 10,000 nodes never holds `/health` or an agent's heartbeat for longer than a few ms.
 * 100 `set` nodes take about 2 ms to prepare; a yield costs a few µs.
 */
export const DEFAULT_ENGINE_YIELD_EVERY_NODES = 100;

/**
 * Nodes the run view (`GET /api/runs/:id`, the live snapshot) reads and builds per turn: it
 * reads a run's node rows and tasks this many node ids at a time, in definition order, and
 * gives the event loop back between pages. Reading, mapping and ordering the 10,000 rows of a
 * wide run at once held `/health` and heartbeats for 100-200 ms on a busy host; a page of 500
 * is a few ms, and 20 pages of two queries each stay well under a second.
 */
export const RUN_VIEW_PAGE_NODES = 500;

/**
 * Node rows a run's start writes per INSERT statement (in its one transaction). Building the
 * statement is synchronous work in proportion to rows times columns: 500 rows took up to
 * 110 ms of the event loop on a busy 2-core host, 100 take about a fifth of that, and the
 * 100 statements of a 10,000-node run add well under a second to its start.
 */
export const NODE_ROWS_PER_START_INSERT = 100;
/**
 * Tasks of one agent added to its queue in one round trip (BullMQ's addBulk, one pipeline): each
 * job is checked, encoded and written synchronously, so a 10,000-node run's 5,000 tasks for one
 * agent held the event loop for 300-400 ms in one go; 100 are a few milliseconds, and a
 * fan-out's thousand tasks are still ten round trips instead of a thousand.
 */
export const TASKS_PER_QUEUE_ADD = 100;

/**
 * Node rows the engine reads per query when it reads every node of a run (an advance, a
 * retry, the reconciler): pages in node id order, each mapped in a turn of its own. The 10,000
 * rows of a wide run mapped at once held the event loop for 40-100 ms on a busy host; a page of
 * 1,000 is a tenth, and a run of up to 1,000 nodes is still one query.
 */
export const NODE_ROWS_PER_READ = 1_000;

/**
 * Values of a request body the input hygiene check (edge/input-hygiene.middleware.ts) walks
 * per turn of the event loop. A 10,000-node definition is about a hundred thousand values,
 * walked in one go in 60-130 ms on a busy host; 5,000 take a few ms.
 */
export const INPUT_VALUES_PER_TURN = 5_000;

/** RH_MAX_ITERATIONS_CAP: the highest `maxIterations` a `foreach` or `repeat` may ask for. */
export const DEFAULT_MAX_ITERATIONS_CAP = 10_000;
/** RH_MAX_OUTPUT_BYTES: a node output larger than this (as JSON) fails the node rather than being stored half. */
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/** RH_MAX_REQUEST_BYTES: the largest REST body (a workflow definition with its inputs). */
export const DEFAULT_MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/**
 * RH_EXPRESSION_TIMEOUT_MS, RH_EXPRESSION_MAX_MEMORY_MB, RH_EXPRESSION_MAX_OUTPUT_BYTES,
 * RH_EXPRESSION_MAX_DEPTH, RH_EXPRESSION_MAX_SEQUENCE_LENGTH: the limits of every expression;
 * their defaults and reasons are in libs/expressions (expression-limits.ts), shared by the
 * coordinator and the agents.
 *
 * RH_EXPRESSION_PROCESSES: sandbox processes evaluating expressions (about 40 MiB each at
 * rest). Two, so that one expression running into its deadline does not hold up every other
 * run's templates meanwhile.
 */
export const DEFAULT_EXPRESSION_PROCESSES = 2;

/** RH_HEARTBEAT_INTERVAL_MS: how often agents say they are alive (sent to agents at registration). */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 5_000;
/** RH_AGENT_OFFLINE_AFTER_MS: three missed heartbeats make an agent offline. */
export const DEFAULT_AGENT_OFFLINE_AFTER_MS = 15_000;
/**
 * RH_AGENT_UPDATE_MIN_INTERVAL_MS: the agents page hears of an agent's running tasks and
 * heartbeat at most this often per agent (`agent:updated` on `/live`). One second reads as
 * live to a person and keeps a fleet of thousands heartbeating every few seconds from sending
 * more than one message per agent per heartbeat.
 */
export const DEFAULT_AGENT_UPDATE_MIN_INTERVAL_MS = 1_000;
/**
 * RH_AGENT_DISCONNECT_GRACE_MS: an agent whose connection drops has this long to come back
 * before it counts as lost and its tasks move: a network blip or a restarted agent process
 * should not reshuffle work that is still running there.
 */
export const DEFAULT_AGENT_DISCONNECT_GRACE_MS = 5_000;
/**
 * RH_AGENT_AUTH_MAX_SKEW_MS: how far the timestamp of an agent's signed handshake may be from
 * the coordinator's clock. Five minutes, as Kerberos allows: Windows hosts keep time by NTP
 * within seconds, yet a host that drifted a little must not be locked out of its fleet.
 */
export const DEFAULT_AGENT_AUTH_MAX_SKEW_MS = 300_000;
/**
 * RH_ENROLL_TOKEN_DEFAULT_TTL_MS: an enroll token created without `--expires` lasts one day:
 * enough to roll out a batch of hosts, short enough that a forgotten token stops working.
 */
export const DEFAULT_ENROLL_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * RH_SOCKET_MAX_MESSAGE_BYTES: the largest Socket.IO message an agent or a dashboard may send;
 * a larger one is refused with `agent:error`. The biggest legitimate messages (a result with
 * a 1 MiB output, a batch of 1 000 metric samples) fit.
 */
export const DEFAULT_SOCKET_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
/** RH_LOG_BATCH_MAX_LINES: agent log lines written to run_logs in one insert. */
export const DEFAULT_LOG_BATCH_MAX_LINES = 500;
/** RH_LOG_BATCH_FLUSH_MS: the longest a log line waits in the buffer before it is stored and shown live. */
export const DEFAULT_LOG_BATCH_FLUSH_MS = 200;
/**
 * RH_QUEUE_FAILED_JOBS_KEPT: failed jobs kept per agent queue for inspection (a job fails only
 * when its agent could not even start it); older ones are dropped so Redis does not grow.
 */
export const DEFAULT_QUEUE_FAILED_JOBS_KEPT = 1_000;
/**
 * RH_WIDE_RUN_ADVANCE_INTERVAL_MS: the least time between two advances of one run that asked
 * for another while one ran, when the run is wider than the result recorder hands rows for
 * (COMMITTED_ROWS_MAX_NODES). Each such advance reads the statuses of all the run's nodes; a
 * run of 10,000 nodes finishing tasks at hundreds a second would otherwise spend the
 * coordinator on reading them back-to-back. 50 ms adds at most that to a wide run's next node.
 */
export const DEFAULT_WIDE_RUN_ADVANCE_INTERVAL_MS = 50;
/** RH_RECONCILE_INTERVAL_MS: how often unfinished runs are compared with BullMQ and repaired. */
export const DEFAULT_RECONCILE_INTERVAL_MS = 10_000;
/**
 * RH_RESULTS_CONCURRENCY: transactions of node results the coordinator runs at once (each
 * records the results of one run that waited together: RH_RESULTS_PER_TRANSACTION), and
 * ownership look-ups of results at once. Results of one run queue behind that run's row lock
 * anyway; eight keeps many runs moving without taking every database connection of the pool
 * (RH_DB_POOL_SIZE) from the API. Results that wait hold no connection: they wait in memory,
 * unacknowledged, so their agents keep them, and join their run's next transaction.
 */
export const DEFAULT_RESULTS_CONCURRENCY = 8;
/**
 * RH_RESULTS_PER_TRANSACTION: results of one run that waited for each other recorded in one
 * transaction (group commit, persistence/keyed-batches.ts). A fan-out's results arrive faster than
 * commits end, so its batches reach this size: 1,000 results are about 16 transactions
 * instead of one per result, and the bound keeps one transaction's hold on the run's lock short.
 */
export const DEFAULT_RESULTS_PER_TRANSACTION = 64;
/**
 * RH_CLAIMS_PER_STATEMENT: claims that waited for each other made in one statement, of one run
 * or of several (runs/adapters/task-claim.statement.ts). A fan-out's agents accept their tasks
 * together, and so do the agents of many one-node runs, so claims queue while one statement is
 * out; they then go in the next one, a commit and a round trip for all of them. The bound keeps
 * one statement's row locks few.
 */
export const DEFAULT_CLAIMS_PER_STATEMENT = 64;
/**
 * RH_TASK_BUNDLE_MAX_STEPS: nodes a task may carry after its own (a bundle, docs/ARCHITECTURE.md
 * "Bundles"): a chain of nodes bound to the same agent runs there without a round trip to
 * the coordinator per node, and their results come back together. 0: no bundles. The bound
 * keeps one task's work, and the transaction recording it, short.
 */
export const DEFAULT_TASK_BUNDLE_MAX_STEPS = 64;
/**
 * Attempts whose result arrived that an agent's mailbox remembers (the latest ones): a job of
 * such an attempt found in the queue again (its lock expired while the claim was slow, and it
 * went back) only leaves the queue instead of going to the agent a second time. A thousand
 * covers far more than the results that can arrive while a job's lock runs out.
 */
export const MAILBOX_REPORTED_ATTEMPTS_KEPT = 1_000;
/**
 * RH_TASK_ASSIGN_ACK_TIMEOUT_MS: how long an agent has to accept a delivered task
 * (`task:assign`) before the delivery counts as failed and the task goes back to its queue.
 * An agent answers at once (it only checks and keeps the task), so ten seconds means the
 * connection is stuck.
 */
export const DEFAULT_TASK_ASSIGN_ACK_TIMEOUT_MS = 10_000;
/**
 * RH_TASK_ASSIGN_RETRY_DELAY_MS: a task its agent did not accept (no free slot, shutting
 * down, no answer) waits this long in its queue before it is delivered again.
 */
export const DEFAULT_TASK_ASSIGN_RETRY_DELAY_MS = 2_000;
/**
 * RH_DELIVERY_LOCK_DURATION_MS: BullMQ's lock on a task being delivered. A coordinator that
 * dies mid-delivery leaves the job active; once the lock expires, the stalled check (every
 * RH_DELIVERY_STALLED_INTERVAL_MS) puts it back in its queue. Longer than the assign ack
 * timeout, so a live delivery never loses its lock. BullMQ's own defaults.
 */
export const DEFAULT_DELIVERY_LOCK_DURATION_MS = 30_000;
export const DEFAULT_DELIVERY_STALLED_INTERVAL_MS = 30_000;
/**
 * RH_DELIVERY_SWEEP_INTERVAL_MS: how often every connected agent with a free slot looks at its
 * queue even though nothing woke it. Dispatches on this coordinator and retry backoffs wake
 * the agent's delivery at once; the sweep catches tasks queued while nobody was listening
 * (another coordinator, a restart), at one Redis call per idle agent per sweep.
 */
export const DEFAULT_DELIVERY_SWEEP_INTERVAL_MS = 5_000;
/**
 * RH_TASK_DEADLINE_GRACE_MS: a task still running this long after its timeout is failed by
 * the coordinator (TIMEOUT), whatever happened to its agent or its result: the agent kills a
 * timed-out node itself, so a task this late was lost on the way. Thirty seconds leaves room
 * for the agent's own kill and a result in flight.
 */
export const DEFAULT_TASK_DEADLINE_GRACE_MS = 30_000;
/**
 * RH_TASK_DEADLINE_CHECK_INTERVAL_MS: how often running tasks are compared with their
 * deadline. A task is failed at most this long after its deadline; the check reads only open
 * tasks, through an index of their own.
 */
export const DEFAULT_TASK_DEADLINE_CHECK_INTERVAL_MS = 5_000;
/**
 * RH_TASK_MAX_AGENT_LOSSES: a node whose agent was lost while running it this many times is
 * quarantined (TASK_QUARANTINED, not retried): a task that takes its agent down with it must
 * not take the fleet down one host after another. Three: two losses can be a network blip and a
 * reboot; a third on the same node is the node.
 */
export const DEFAULT_TASK_MAX_AGENT_LOSSES = 3;
/**
 * RH_RUN_MAX_RECOVERIES: a run the coordinator was recovering at start this many times without
 * finishing (the process died each time) is failed with RUN_QUARANTINED instead of being handled
 * again: one poisoned run must not keep the coordinator down.
 */
export const DEFAULT_RUN_MAX_RECOVERIES = 3;
/** RH_LOG_PAGE_SIZE / RH_LOG_PAGE_SIZE_MAX: log lines per page of `GET /api/runs/:id/logs`. */
export const DEFAULT_LOG_PAGE_SIZE = 1_000;
export const DEFAULT_LOG_PAGE_SIZE_MAX = 10_000;

/** RH_RUN_PAGE_SIZE / RH_RUN_PAGE_SIZE_MAX: run list paging. */
export const DEFAULT_RUN_PAGE_SIZE = 50;
export const DEFAULT_RUN_PAGE_SIZE_MAX = 500;
/**
 * RH_RUN_START_WAIT_MAX_MS: the longest `POST /api/runs?waitMs=` holds its answer for the run
 * to end. Below the 60 s idle timeout common to load balancers and proxies, so a waiting
 * caller gets the 202 rather than a cut connection; a longer run is followed on `/live`.
 */
export const DEFAULT_RUN_START_WAIT_MAX_MS = 30_000;
/**
 * While a request waits for a run to end it is woken by this process's run updates; a run
 * advanced by another coordinator replica raises none here, so the run is also re-read this
 * often. One indexed read a second per waiting request.
 */
export const RUN_WAIT_RECHECK_INTERVAL_MS = 1_000;

/**
 * RH_METRICS_RETENTION_MS: agents' metric samples older than a day are pruned. A day shows the
 * daily rhythm of a service; longer histories belong in a metrics store (Prometheus scrapes
 * the coordinator's own figures).
 */
export const DEFAULT_METRICS_RETENTION_MS = 24 * 60 * 60 * 1_000;
/** RH_TRACES_RETENTION_MS: agents' trace spans older than a day are pruned, like metrics. */
export const DEFAULT_TRACES_RETENTION_MS = 24 * 60 * 60 * 1_000;
/**
 * RH_TELEMETRY_PRUNE_INTERVAL_MS: how often expired samples and spans are deleted. Five minutes
 * keeps each delete small (a few minutes of data) without the tables outgrowing their limit.
 */
export const DEFAULT_TELEMETRY_PRUNE_INTERVAL_MS = 5 * 60 * 1_000;
/**
 * RH_METRICS_PAGE_SIZE / RH_METRICS_PAGE_SIZE_MAX: samples per `GET /api/agents/:id/metrics`
 * (the newest of the range). A thousand draws a few sparklines over the last hour at the
 * agent's default 15 s interval.
 */
export const DEFAULT_METRICS_PAGE_SIZE = 1_000;
export const DEFAULT_METRICS_PAGE_SIZE_MAX = 10_000;
/** RH_TRACES_PAGE_SIZE / RH_TRACES_PAGE_SIZE_MAX: spans per traces request (the newest of the range). */
export const DEFAULT_TRACES_PAGE_SIZE = 1_000;
export const DEFAULT_TRACES_PAGE_SIZE_MAX = 10_000;

/**
 * RH_ADMISSION_SWEEP_INTERVAL_MS: how often every workflow with queued runs gets an admission
 * pass although nothing woke it. A run that ends on this coordinator admits the next at once;
 * the sweep catches runs that ended on another replica or before a restart.
 */
export const DEFAULT_ADMISSION_SWEEP_INTERVAL_MS = 5_000;
/**
 * RH_ADMISSION_SCAN_MAX: queued runs of one workflow an admission pass reads, in order. Far
 * more than slots ever free at once; the runs behind them keep their reason until they move up.
 */
export const DEFAULT_ADMISSION_SCAN_MAX = 1_000;

/**
 * RH_SCHEDULE_MISFIRE_GRACE_MS: a fire handled later than this after its time counts as
 * missed, and the schedule's misfire policy decides whether it still runs. A minute, as
 * Quartz's misfire threshold: a busy coordinator is seconds late, a stopped one minutes.
 */
export const DEFAULT_SCHEDULE_MISFIRE_GRACE_MS = 60_000;
/** RH_SCHEDULE_FIRE_CONCURRENCY: fires one coordinator handles at once (each starts a run: a few statements). */
export const DEFAULT_SCHEDULE_FIRE_CONCURRENCY = 16;
/**
 * RH_SCHEDULE_QUEUE_MAX: runs of one schedule (overlap `queue`) that may wait behind its running
 * one. A schedule firing faster than its runs end would otherwise queue without end; past this
 * its fires are skipped, and say so.
 */
export const DEFAULT_SCHEDULE_QUEUE_MAX = 10;
/** RH_SCHEDULE_FIRES_KEPT: history rows kept per schedule; a schedule firing every second fills a day with 86,400. */
export const DEFAULT_SCHEDULE_FIRES_KEPT = 10_000;
/** RH_SCHEDULE_PRUNE_INTERVAL_MS: how often history beyond RH_SCHEDULE_FIRES_KEPT is deleted. */
export const DEFAULT_SCHEDULE_PRUNE_INTERVAL_MS = 10 * 60 * 1_000;
/**
 * Attempts of a fire whose handling failed (the database was away): BullMQ retries it with
 * exponential backoff from SCHEDULE_FIRE_RETRY_DELAY_MS; a fire is recorded once whatever the
 * number of attempts (its key in schedule_fires).
 */
export const SCHEDULE_FIRE_ATTEMPTS = 8;
export const SCHEDULE_FIRE_RETRY_DELAY_MS = 500;
/**
 * A fire recorded `started` whose run is not in Postgres (the coordinator died between the two
 * commits) is started by schedule maintenance once it was handled this long ago: long enough
 * that a coordinator still in the middle of that fire has written its run. At start-up every
 * such fire is started at once. SCHEDULE_FIRES_REPAIRED_PER_PASS bounds one pass.
 */
export const SCHEDULE_FIRE_REPAIR_AGE_MS = 60_000;
export const SCHEDULE_FIRES_REPAIRED_PER_PASS = 100;

/** Fires in one page of a schedule's history when the caller names no limit. */
export const SCHEDULE_FIRES_PAGE_SIZE = 50;
/** Failed fire jobs BullMQ keeps for inspection; a fire's outcome is in Postgres either way. */
export const SCHEDULE_FAILED_FIRE_JOBS_KEPT = 100;

/** RH_BATCH_MAX_ITEMS: the most runs one batch may ask for (items, times hosts for a hosts batch). */
export const DEFAULT_BATCH_MAX_ITEMS = 100_000;
/** RH_BATCH_DEFAULT_CONCURRENCY: items of a batch running at once when it names no concurrency. */
export const DEFAULT_BATCH_DEFAULT_CONCURRENCY = 10;
/** RH_BATCH_MAX_CONCURRENCY: the highest concurrency a batch may ask for: a thousand runs in flight is a fleet's day. */
export const DEFAULT_BATCH_MAX_CONCURRENCY = 1_000;
/**
 * RH_BATCH_SWEEP_INTERVAL_MS: how often running batches are checked although nothing woke
 * them. An item's run that ends on this coordinator starts the next item at once; the sweep
 * catches runs that ended elsewhere or before a restart.
 */
export const DEFAULT_BATCH_SWEEP_INTERVAL_MS = 5_000;
/**
 * RH_BATCH_MAX_REQUEST_BYTES: the largest body of `POST /api/batches`: 100,000 items of a few
 * inputs each, as JSON or CSV. Other routes keep RH_MAX_REQUEST_BYTES.
 */
export const DEFAULT_BATCH_MAX_REQUEST_BYTES = 64 * 1024 * 1024;
/** Batches `GET /api/batches` lists, newest first: a screen's worth; older ones are read by id. */
export const BATCH_LIST_LIMIT = 200;
/** Items in one page of `GET /api/batches/:id/items` when the caller names no limit. */
export const BATCH_ITEMS_PAGE_SIZE = 100;
/** Item problems one refused batch lists: a file with ten thousand bad lines is named by its first ones. */
export const BATCH_PROBLEMS_LISTED = 20;
/** Item rows written by one insert: 7 columns each stay far below Postgres' 65,535 parameters. */
export const BATCH_INSERT_CHUNK_ROWS = 2_000;
/**
 * Characters of a batch's CSV parsed in one turn of the event loop: 64 KiB of short lines is
 * about 10,000 items and 20 ms of parsing; 100,000 items in one go held the loop for 200-500 ms.
 */
export const BATCH_CSV_CHARS_PER_TURN = 64 * 1024;
/** A batch's items checked against the workflow's inputs in one turn of the event loop (about 15 ms). */
export const BATCH_ITEMS_CHECKED_PER_TURN = 5_000;

/** RH_HOOK_RATE_LIMIT_PER_MINUTE: calls a minute a webhook accepts when it names no limit; more get 429. */
export const DEFAULT_HOOK_RATE_LIMIT_PER_MINUTE = 60;
/** RH_HOOK_WAIT_MAX_MS: the longest `POST /hooks/<id>?waitMs=` holds its answer, as for `POST /api/runs`. */
export const DEFAULT_HOOK_WAIT_MAX_MS = 30_000;
/** The window a hook's rate limit counts calls in: any 60 s, as the limit is per minute. */
export const HOOK_RATE_WINDOW_MS = 60_000;

/** RH_SMTP_FROM: the sender of notification emails when RH_SMTP_URL is set. */
export const DEFAULT_SMTP_FROM = 'runtime-hub@localhost';
/** RH_NOTIFY_MAX_ATTEMPTS: tries of one notification before it is marked failed (kept, visible). */
export const DEFAULT_NOTIFY_MAX_ATTEMPTS = 5;
/** RH_NOTIFY_BACKOFF_MS: wait before the second try, doubled for each try after (2, 4, 8, 16 s). */
export const DEFAULT_NOTIFY_BACKOFF_MS = 2_000;
/** RH_NOTIFY_TIMEOUT_MS: one try of a webhook or an SMTP exchange gives up after this; a dead receiver costs no more. */
export const DEFAULT_NOTIFY_TIMEOUT_MS = 10_000;
/** RH_NOTIFY_CONCURRENCY: notifications one coordinator sends at once; they never share a slot with runs. */
export const DEFAULT_NOTIFY_CONCURRENCY = 4;

/** Deliveries `GET /api/notifications/deliveries` lists when the caller names no limit. */
export const NOTIFY_DELIVERIES_PAGE_SIZE = 100;
/**
 * How often pending deliveries are queued again, and how old they must be: one written while
 * Redis was away has no job; queuing one that has its job is a no-op (same job id).
 */
export const NOTIFY_REQUEUE_INTERVAL_MS = 60_000;
/** Deliveries one such pass queues again. */
export const NOTIFY_REQUEUE_BATCH = 1_000;
/** Queued runs `GET /api/queue` lists; more wait behind them, each with its reason. */
export const QUEUE_RUNS_SHOWN = 500;

/** RH_SHUTDOWN_GRACE_MS: on SIGTERM, how long in-flight result handling may take before exit, and how long the schedules and notifications workers may take to close before they are closed by force. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/**
 * RH_ADMIN_TOKEN must be at least this long (not configurable): it is a bearer credential
 * with full access, and 32 characters of a random alphabet are beyond guessing even without
 * the sign-in rate limit. `openssl rand -hex 32` prints 64.
 */
export const ADMIN_TOKEN_MIN_LENGTH = 32;

/**
 * RH_MAX_JSON_DEPTH: the deepest nesting of objects and arrays accepted in a REST body, query
 * or socket message (400 / a refused message beyond it). Real workflows nest a few levels
 * (definition > nodes > config > values > ...); 64 leaves room for any hand-written document
 * while keeping every recursive walk over stored JSON (validation, templates, the database
 * driver's JSON.stringify) far from the stack limit.
 */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/**
 * RH_RATE_LIMIT_WINDOW_MS: the fixed window over which failed authentications are counted
 * (per source address and per token or agent), shared by every coordinator replica through
 * Redis. A refused client waits at most this long.
 */
export const DEFAULT_RATE_LIMIT_WINDOW_MS = 60_000;
/**
 * RH_RATE_LIMIT_SIGN_IN: failed dashboard sign-ins (`POST /api/session`) per window, per
 * address and per token tried. A person mistyping a token needs a handful of tries.
 */
export const DEFAULT_RATE_LIMIT_SIGN_IN = 10;
/**
 * RH_RATE_LIMIT_API_AUTH: requests refused for a bad token (REST bearer or cookie, `/live`
 * handshake) per window, per address and per token. Higher than sign-in: a script or a
 * dashboard left open with a revoked token retries on its own before someone notices.
 */
export const DEFAULT_RATE_LIMIT_API_AUTH = 30;
/**
 * RH_RATE_LIMIT_ENROLL: refused enrollments (enroll-token handshakes on `/agents`) per window,
 * per address and per token. An agent whose token is refused stops after one try, so even a
 * batch of hosts behind one NAT rolled out with a used-up token stays under it.
 */
export const DEFAULT_RATE_LIMIT_ENROLL = 10;
/**
 * RH_RATE_LIMIT_AGENT_AUTH: refused signed agent handshakes (`/agents`) per window, per address
 * and per agent id. A healthy agent never fails one; an agent with a stale clock retries with
 * backoff, a few a minute.
 */
export const DEFAULT_RATE_LIMIT_AGENT_AUTH = 30;
/**
 * RH_RATE_LIMIT_CHECKS_PER_CALL: limit checks that arrived while the one before them was out,
 * read from Redis by one script call (every API request checks its address and token before it
 * authenticates). The cap keeps one call's key list short.
 */
export const DEFAULT_RATE_LIMIT_CHECKS_PER_CALL = 100;
/**
 * How long a rate-limit check may wait for Redis before the store counts as unreachable
 * (then sign-in and enrollment answer 503; the other limits count in memory on this replica).
 * A healthy Redis answers in well under a millisecond.
 */
export const RATE_LIMIT_REDIS_TIMEOUT_MS = 1_000;

/**
 * RH_SOCKET_HANDSHAKE_WINDOW_MS: a Socket.IO connection that has not joined an authenticated
 * namespace (`/agents`, `/live`) within this is closed. An agent's handshake is one round
 * trip; ten seconds covers a slow link and a busy coordinator.
 */
export const DEFAULT_SOCKET_HANDSHAKE_WINDOW_MS = 10_000;
/**
 * RH_SOCKET_PENDING_PER_ADDRESS_MAX: connections from one address still inside their handshake
 * window, per coordinator replica. A fleet behind one NAT reconnecting at once arrives spread
 * by its backoff jitter; an address holding more is flooding the handshake.
 */
export const DEFAULT_SOCKET_PENDING_PER_ADDRESS_MAX = 256;
/**
 * RH_SOCKETS_PER_ADDRESS_MAX: Socket.IO connections from one address, per coordinator replica.
 * Large enough for a thousand-host site behind one NAT (or `fleet-sim`) with its dashboards;
 * raise it for larger sites behind a single address.
 */
export const DEFAULT_SOCKETS_PER_ADDRESS_MAX = 4_096;
/**
 * RH_LIVE_AUTH_RECHECK_MS: how often the tokens of open `/live` connections are checked again,
 * so a dashboard whose token or session was revoked (on any replica) or expired stops
 * receiving updates within this. A revocation on this replica is applied at once.
 */
export const DEFAULT_LIVE_AUTH_RECHECK_MS = 5_000;

/**
 * RH_SECRET_MAX_BYTES: the largest secret value accepted (UTF-8 bytes). Passwords, tokens and
 * private keys fit many times over; a secret is delivered with every task that references it,
 * so it stays well under RH_SOCKET_MAX_MESSAGE_BYTES.
 */
export const DEFAULT_SECRET_MAX_BYTES = 65_536;
/**
 * File under RH_DATA_DIR that receives a generated secrets key when the database is the
 * embedded one and neither RH_SECRETS_KEY nor RH_SECRETS_KEY_FILE is set, so `npm start` on a
 * fresh clone stores secrets out of the box. Mode 0600, like the admin token file.
 */
export const GENERATED_SECRETS_KEY_FILE_NAME = 'secrets-key';
/**
 * RH_AUDIT_RETENTION_DAYS: audit entries are kept a year, long enough to answer "who changed
 * this" across a yearly review; older ones are pruned.
 */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
/** RH_AUDIT_PRUNE_INTERVAL_MS: pruning by the day needs a pass an hour, no more. */
export const DEFAULT_AUDIT_PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/** RH_AUDIT_PAGE_SIZE: entries per `GET /api/audit` page when `limit` is not given. */
export const DEFAULT_AUDIT_PAGE_SIZE = 50;
/** RH_AUDIT_PAGE_SIZE_MAX: the most entries one page may ask for. */
export const DEFAULT_AUDIT_PAGE_SIZE_MAX = 500;
/**
 * RH_AUDIT_ENTRIES_PER_INSERT: audit entries that waited for the insert before them written by
 * one statement (group commit). 50 one-run starts in flight wait in batches of a few to a few
 * dozen; the cap keeps one statement's parameter arrays small.
 */
export const DEFAULT_AUDIT_ENTRIES_PER_INSERT = 100;
/**
 * RH_PERSONAL_TOKEN_TTL_DAYS: a personal API token (made by a person, without `expiresAt`)
 * expires after 90 days, so a forgotten token does not live forever.
 */
export const DEFAULT_PERSONAL_TOKEN_TTL_DAYS = 90;
/**
 * RH_TOKEN_CHECKS_PER_STATEMENT: API token checks of requests that arrived while the check
 * before them was out, read by one statement (each still sent after its request arrived, so a
 * revocation committed before a request is seen by it). 50 requests in flight wait in groups of
 * a few to a few dozen; the cap keeps the statement's list of hashes short.
 */
export const DEFAULT_TOKEN_CHECKS_PER_STATEMENT = 100;
/**
 * RH_PASSWORD_MIN_LENGTH: NIST SP 800-63B asks for at least 8 characters; 12 makes guessing
 * a hashed password out of reach without a complexity rule.
 */
export const DEFAULT_PASSWORD_MIN_LENGTH = 12;
/**
 * RH_LIVE_STREAM_MAX_LEN: broadcasts kept in the Redis stream through which replicas share
 * Socket.IO events (`<prefix>:socket.io`, trimmed approximately). A replica cut off from Redis
 * for a moment reads on from where it stopped as long as the stream still holds that point;
 * ten thousand events is the adapter's own default and several seconds of a busy fleet.
 */
export const DEFAULT_LIVE_STREAM_MAX_LEN = 10_000;
/**
 * RH_LEASE_TTL_MS: how long a lease on singleton work (the reconciler, the deadline watchdog,
 * pruning, sweeps: cluster/leases.ts) and a replica's presence (cluster/replica-presence.ts)
 * last without renewal. The holder renews every third of it; a replica that died gives its
 * work up to another within this, and one cut off from Redis stops it before another starts.
 * Ten seconds is below the agents' offline threshold, so a dead replica's agents are judged by
 * a live one.
 */
export const DEFAULT_LEASE_TTL_MS = 10_000;
/**
 * RH_REPLICA_CACHE_TTL_MS: the longest a replica keeps what it cached of things that rarely
 * change and every run reads (a workflow's latest version, its concurrency limit, the
 * notification rules of a workflow or schedule: cluster/replica-caches.ts). A change is seen at
 * once by the replica that made it and, through the replica bus, by the others as soon as its
 * message arrives; this bounds how long a replica that missed the message (its Redis connection
 * away past the live stream's length) could go on with the old value. Ten seconds costs one read
 * per cached key per ten seconds.
 */
export const DEFAULT_REPLICA_CACHE_TTL_MS = 10_000;
/**
 * RH_REPLICA_CACHE_MAX_ENTRIES: entries each of those caches keeps, least recently used dropped
 * first: a coordinator starting runs of thousands of workflows holds the busiest ones, not all.
 */
export const DEFAULT_REPLICA_CACHE_MAX_ENTRIES = 1_000;
/** The holder of a lease renews it this often, as a fraction of RH_LEASE_TTL_MS: two renewals may fail before it expires. */
export const LEASE_RENEW_FRACTION = 1 / 3;
/**
 * A replica that died without leaving may have committed a run's end and not published it. The
 * replica that finds its presence expired sends again the state of the runs that ended within
 * this many RH_LEASE_TTL_MS (the dead one renewed at most one TTL before it died, and its entry
 * is found expired at most a renewal after that), at most REANNOUNCED_RUN_ENDS_MAX of them.
 */
export const REANNOUNCED_RUN_ENDS_TTLS = 3;
export const REANNOUNCED_RUN_ENDS_MAX = 1_000;
/** RH_OIDC_SCOPES: enough for a person's email (and whether the issuer verified it) and name. */
export const DEFAULT_OIDC_SCOPES = 'openid email profile';
/**
 * RH_OIDC_DEFAULT_ROLE: a person first seen through single sign-on may only read; an admin
 * raises the role. Anyone the issuer vouches for gets in, so the least role is the safe one.
 */
export const DEFAULT_OIDC_ROLE = 'viewer';
/** Where the issuer sends the browser back to, under RH_PUBLIC_URL unless RH_OIDC_REDIRECT_URL says otherwise. */
export const OIDC_CALLBACK_PATH = '/api/session/oidc/callback';
/**
 * RH_OIDC_FLOW_TTL_MS: how long a started single sign-on may take (the issuer's login page,
 * a second factor, consent) before the callback is refused and the person starts again.
 */
export const DEFAULT_OIDC_FLOW_TTL_MS = 10 * 60 * 1000;
/** RH_OIDC_HTTP_TIMEOUT_MS: each call to the issuer (discovery, token, userinfo); a sign-in waits on it. */
export const DEFAULT_OIDC_HTTP_TIMEOUT_MS = 10_000;
/** The button reads "Sign in with single sign-on" unless RH_OIDC_NAME names the issuer. */
export const DEFAULT_OIDC_NAME = 'single sign-on';
