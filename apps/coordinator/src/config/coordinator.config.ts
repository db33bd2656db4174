import path from 'node:path';
import * as X from '@runtime-hub/expressions';
import { z } from 'zod';
import { PGLITE_DIR_NAME } from '@runtime-hub/db';
import { parseTrustedProxies, type ProxyEntry } from '../edge/trusted-proxies';
import * as D from './defaults';
import { parseSecretKey, SecretKeyInvalidError } from '../secrets/secret-crypto';
import { parseOidcConfig, type OidcConfig } from '../session/oidc/oidc.config';

/**
 * The coordinator's environment, parsed once at boot (STYLE.md §5). Nothing else in the
 * coordinator reads `process.env`. A bad value fails the boot with every problem listed.
 */
const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

export const CoordinatorEnvSchema = z.object({
  RH_PORT: int(D.DEFAULT_PORT).pipe(z.number().max(65_535)),
  RH_HOST: z.string().min(1).default(D.DEFAULT_HOST),
  DATABASE_URL: optionalString,
  RH_DATA_DIR: z.string().min(1).default(D.DEFAULT_DATA_DIR),
  REDIS_URL: z.string().min(1).default(D.DEFAULT_REDIS_URL),
  RH_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default(D.DEFAULT_QUEUE_PREFIX),
  RH_REDIS_STARTUP_TIMEOUT_MS: int(D.DEFAULT_REDIS_STARTUP_TIMEOUT_MS, 1),
  RH_ADMIN_TOKEN: optionalString.refine((value) => value === undefined || value.length >= D.ADMIN_TOKEN_MIN_LENGTH, {
    error: (issue) =>
      `must be at least ${D.ADMIN_TOKEN_MIN_LENGTH} characters (it has ${String(issue.input).length}): it grants full access; generate one with \`openssl rand -hex 32\``,
  }),
  RH_ENROLL_TOKEN: optionalString,
  RH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RH_DB_POOL_SIZE: int(D.DEFAULT_DB_POOL_SIZE, 1),
  RH_NODE_TIMEOUT_MS: int(D.DEFAULT_NODE_TIMEOUT_MS, 1),
  RH_NODE_MAX_ATTEMPTS: int(D.DEFAULT_NODE_MAX_ATTEMPTS, 1),
  RH_NODE_RETRY_DELAY_MS: int(D.DEFAULT_NODE_RETRY_DELAY_MS),
  RH_NODE_RETRY_MAX_DELAY_MS: int(D.DEFAULT_NODE_RETRY_MAX_DELAY_MS),
  RH_MAX_ITERATIONS_CAP: int(D.DEFAULT_MAX_ITERATIONS_CAP, 1),
  RH_CONTROL_DECISIONS_PER_TRANSACTION: int(D.DEFAULT_CONTROL_DECISIONS_PER_TRANSACTION, 1),
  RH_ENGINE_YIELD_EVERY_NODES: int(D.DEFAULT_ENGINE_YIELD_EVERY_NODES, 1),
  RH_MAX_NODES_PER_RUN: int(D.DEFAULT_MAX_NODES_PER_RUN, 1),
  RH_MAX_OUTPUT_BYTES: int(D.DEFAULT_MAX_OUTPUT_BYTES, 1),
  RH_MAX_REQUEST_BYTES: int(D.DEFAULT_MAX_REQUEST_BYTES, 1),
  RH_EXPRESSION_TIMEOUT_MS: int(X.DEFAULT_EXPRESSION_TIMEOUT_MS, 1),
  RH_EXPRESSION_MAX_MEMORY_MB: int(X.DEFAULT_EXPRESSION_MAX_MEMORY_MB, 16),
  RH_EXPRESSION_MAX_OUTPUT_BYTES: int(X.DEFAULT_EXPRESSION_MAX_OUTPUT_BYTES, 1),
  RH_EXPRESSION_MAX_DEPTH: int(X.DEFAULT_EXPRESSION_MAX_DEPTH, 1),
  RH_EXPRESSION_MAX_SEQUENCE_LENGTH: int(X.DEFAULT_EXPRESSION_MAX_SEQUENCE_LENGTH, 1),
  RH_EXPRESSION_PROCESSES: int(D.DEFAULT_EXPRESSION_PROCESSES, 1),
  RH_MAX_JSON_DEPTH: int(D.DEFAULT_MAX_JSON_DEPTH, 1),
  RH_TRUSTED_PROXIES: optionalString,
  RH_TLS_CERT: optionalString,
  RH_TLS_KEY: optionalString,
  RH_RATE_LIMIT_WINDOW_MS: int(D.DEFAULT_RATE_LIMIT_WINDOW_MS, 1),
  RH_RATE_LIMIT_SIGN_IN: int(D.DEFAULT_RATE_LIMIT_SIGN_IN, 1),
  RH_RATE_LIMIT_API_AUTH: int(D.DEFAULT_RATE_LIMIT_API_AUTH, 1),
  RH_RATE_LIMIT_ENROLL: int(D.DEFAULT_RATE_LIMIT_ENROLL, 1),
  RH_RATE_LIMIT_AGENT_AUTH: int(D.DEFAULT_RATE_LIMIT_AGENT_AUTH, 1),
  RH_RATE_LIMIT_CHECKS_PER_CALL: int(D.DEFAULT_RATE_LIMIT_CHECKS_PER_CALL, 1),
  RH_SOCKET_HANDSHAKE_WINDOW_MS: int(D.DEFAULT_SOCKET_HANDSHAKE_WINDOW_MS, 1),
  RH_SOCKET_PENDING_PER_ADDRESS_MAX: int(D.DEFAULT_SOCKET_PENDING_PER_ADDRESS_MAX, 1),
  RH_SOCKETS_PER_ADDRESS_MAX: int(D.DEFAULT_SOCKETS_PER_ADDRESS_MAX, 1),
  RH_LIVE_AUTH_RECHECK_MS: int(D.DEFAULT_LIVE_AUTH_RECHECK_MS, 1),
  RH_LIVE_STREAM_MAX_LEN: int(D.DEFAULT_LIVE_STREAM_MAX_LEN, 1),
  RH_LEASE_TTL_MS: int(D.DEFAULT_LEASE_TTL_MS, 30),
  RH_REPLICA_CACHE_TTL_MS: int(D.DEFAULT_REPLICA_CACHE_TTL_MS, 1),
  RH_REPLICA_CACHE_MAX_ENTRIES: int(D.DEFAULT_REPLICA_CACHE_MAX_ENTRIES, 1),
  RH_HEARTBEAT_INTERVAL_MS: int(D.DEFAULT_HEARTBEAT_INTERVAL_MS, 1),
  RH_AGENT_OFFLINE_AFTER_MS: int(D.DEFAULT_AGENT_OFFLINE_AFTER_MS, 1),
  RH_AGENT_DISCONNECT_GRACE_MS: int(D.DEFAULT_AGENT_DISCONNECT_GRACE_MS),
  RH_AGENT_UPDATE_MIN_INTERVAL_MS: int(D.DEFAULT_AGENT_UPDATE_MIN_INTERVAL_MS),
  RH_AGENT_AUTH_MAX_SKEW_MS: int(D.DEFAULT_AGENT_AUTH_MAX_SKEW_MS, 1),
  RH_ENROLL_TOKEN_DEFAULT_TTL_MS: int(D.DEFAULT_ENROLL_TOKEN_TTL_MS, 1),
  RH_SOCKET_MAX_MESSAGE_BYTES: int(D.DEFAULT_SOCKET_MAX_MESSAGE_BYTES, 1),
  RH_LOG_BATCH_MAX_LINES: int(D.DEFAULT_LOG_BATCH_MAX_LINES, 1),
  RH_LOG_BATCH_FLUSH_MS: int(D.DEFAULT_LOG_BATCH_FLUSH_MS, 1),
  RH_QUEUE_FAILED_JOBS_KEPT: int(D.DEFAULT_QUEUE_FAILED_JOBS_KEPT),
  RH_RECONCILE_INTERVAL_MS: int(D.DEFAULT_RECONCILE_INTERVAL_MS, 1),
  RH_WIDE_RUN_ADVANCE_INTERVAL_MS: int(D.DEFAULT_WIDE_RUN_ADVANCE_INTERVAL_MS),
  RH_RESULTS_CONCURRENCY: int(D.DEFAULT_RESULTS_CONCURRENCY, 1),
  RH_RESULTS_PER_TRANSACTION: int(D.DEFAULT_RESULTS_PER_TRANSACTION, 1),
  RH_CLAIMS_PER_STATEMENT: int(D.DEFAULT_CLAIMS_PER_STATEMENT, 1),
  RH_TASK_BUNDLE_MAX_STEPS: int(D.DEFAULT_TASK_BUNDLE_MAX_STEPS, 0),
  RH_TASK_ASSIGN_ACK_TIMEOUT_MS: int(D.DEFAULT_TASK_ASSIGN_ACK_TIMEOUT_MS, 1),
  RH_TASK_ASSIGN_RETRY_DELAY_MS: int(D.DEFAULT_TASK_ASSIGN_RETRY_DELAY_MS),
  RH_DELIVERY_LOCK_DURATION_MS: int(D.DEFAULT_DELIVERY_LOCK_DURATION_MS, 1),
  RH_DELIVERY_STALLED_INTERVAL_MS: int(D.DEFAULT_DELIVERY_STALLED_INTERVAL_MS, 1),
  RH_DELIVERY_SWEEP_INTERVAL_MS: int(D.DEFAULT_DELIVERY_SWEEP_INTERVAL_MS, 1),
  RH_TASK_DEADLINE_GRACE_MS: int(D.DEFAULT_TASK_DEADLINE_GRACE_MS),
  RH_TASK_DEADLINE_CHECK_INTERVAL_MS: int(D.DEFAULT_TASK_DEADLINE_CHECK_INTERVAL_MS, 1),
  RH_TASK_MAX_AGENT_LOSSES: int(D.DEFAULT_TASK_MAX_AGENT_LOSSES, 1),
  RH_RUN_MAX_RECOVERIES: int(D.DEFAULT_RUN_MAX_RECOVERIES, 1),
  RH_LOG_PAGE_SIZE: int(D.DEFAULT_LOG_PAGE_SIZE, 1),
  RH_LOG_PAGE_SIZE_MAX: int(D.DEFAULT_LOG_PAGE_SIZE_MAX, 1),
  RH_RUN_PAGE_SIZE: int(D.DEFAULT_RUN_PAGE_SIZE, 1),
  RH_RUN_PAGE_SIZE_MAX: int(D.DEFAULT_RUN_PAGE_SIZE_MAX, 1),
  RH_RUN_START_WAIT_MAX_MS: int(D.DEFAULT_RUN_START_WAIT_MAX_MS),
  RH_SHUTDOWN_GRACE_MS: int(D.DEFAULT_SHUTDOWN_GRACE_MS),
  RH_METRICS_RETENTION_MS: int(D.DEFAULT_METRICS_RETENTION_MS, 1),
  RH_TRACES_RETENTION_MS: int(D.DEFAULT_TRACES_RETENTION_MS, 1),
  RH_TELEMETRY_PRUNE_INTERVAL_MS: int(D.DEFAULT_TELEMETRY_PRUNE_INTERVAL_MS, 1),
  RH_METRICS_PAGE_SIZE: int(D.DEFAULT_METRICS_PAGE_SIZE, 1),
  RH_METRICS_PAGE_SIZE_MAX: int(D.DEFAULT_METRICS_PAGE_SIZE_MAX, 1),
  RH_TRACES_PAGE_SIZE: int(D.DEFAULT_TRACES_PAGE_SIZE, 1),
  RH_TRACES_PAGE_SIZE_MAX: int(D.DEFAULT_TRACES_PAGE_SIZE_MAX, 1),
  RH_ADMISSION_SWEEP_INTERVAL_MS: int(D.DEFAULT_ADMISSION_SWEEP_INTERVAL_MS, 1),
  RH_ADMISSION_SCAN_MAX: int(D.DEFAULT_ADMISSION_SCAN_MAX, 1),
  RH_SCHEDULE_MISFIRE_GRACE_MS: int(D.DEFAULT_SCHEDULE_MISFIRE_GRACE_MS),
  RH_SCHEDULE_FIRE_CONCURRENCY: int(D.DEFAULT_SCHEDULE_FIRE_CONCURRENCY, 1),
  RH_SCHEDULE_QUEUE_MAX: int(D.DEFAULT_SCHEDULE_QUEUE_MAX, 1),
  RH_SCHEDULE_FIRES_KEPT: int(D.DEFAULT_SCHEDULE_FIRES_KEPT, 1),
  RH_SCHEDULE_PRUNE_INTERVAL_MS: int(D.DEFAULT_SCHEDULE_PRUNE_INTERVAL_MS, 1),
  RH_BATCH_MAX_ITEMS: int(D.DEFAULT_BATCH_MAX_ITEMS, 1),
  RH_BATCH_DEFAULT_CONCURRENCY: int(D.DEFAULT_BATCH_DEFAULT_CONCURRENCY, 1),
  RH_BATCH_MAX_CONCURRENCY: int(D.DEFAULT_BATCH_MAX_CONCURRENCY, 1),
  RH_BATCH_SWEEP_INTERVAL_MS: int(D.DEFAULT_BATCH_SWEEP_INTERVAL_MS, 1),
  RH_BATCH_MAX_REQUEST_BYTES: int(D.DEFAULT_BATCH_MAX_REQUEST_BYTES, 1),
  RH_HOOK_RATE_LIMIT_PER_MINUTE: int(D.DEFAULT_HOOK_RATE_LIMIT_PER_MINUTE, 1),
  RH_HOOK_WAIT_MAX_MS: int(D.DEFAULT_HOOK_WAIT_MAX_MS),
  RH_SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\//, 'expected smtp://host:port or smtps://host:port').optional()),
  RH_SMTP_FROM: z.string().min(3).default(D.DEFAULT_SMTP_FROM),
  RH_NOTIFY_MAX_ATTEMPTS: int(D.DEFAULT_NOTIFY_MAX_ATTEMPTS, 1),
  RH_NOTIFY_BACKOFF_MS: int(D.DEFAULT_NOTIFY_BACKOFF_MS),
  RH_NOTIFY_TIMEOUT_MS: int(D.DEFAULT_NOTIFY_TIMEOUT_MS, 1),
  RH_NOTIFY_CONCURRENCY: int(D.DEFAULT_NOTIFY_CONCURRENCY, 1),
  RH_SECRETS_KEY: optionalString,
  RH_SECRETS_KEY_FILE: optionalString,
  RH_SECRETS_PREVIOUS_KEYS: optionalString,
  RH_SECRET_MAX_BYTES: int(D.DEFAULT_SECRET_MAX_BYTES, 1),
  RH_AUDIT_RETENTION_DAYS: int(D.DEFAULT_AUDIT_RETENTION_DAYS, 1),
  RH_AUDIT_PRUNE_INTERVAL_MS: int(D.DEFAULT_AUDIT_PRUNE_INTERVAL_MS, 1),
  RH_AUDIT_PAGE_SIZE: int(D.DEFAULT_AUDIT_PAGE_SIZE, 1),
  RH_AUDIT_PAGE_SIZE_MAX: int(D.DEFAULT_AUDIT_PAGE_SIZE_MAX, 1),
  RH_AUDIT_ENTRIES_PER_INSERT: int(D.DEFAULT_AUDIT_ENTRIES_PER_INSERT, 1),
  RH_PERSONAL_TOKEN_TTL_DAYS: int(D.DEFAULT_PERSONAL_TOKEN_TTL_DAYS, 1),
  RH_TOKEN_CHECKS_PER_STATEMENT: int(D.DEFAULT_TOKEN_CHECKS_PER_STATEMENT, 1),
  RH_PASSWORD_MIN_LENGTH: int(D.DEFAULT_PASSWORD_MIN_LENGTH, 8),
  RH_PUBLIC_URL: optionalString,
  RH_OIDC_ISSUER: optionalString,
  RH_OIDC_CLIENT_ID: optionalString,
  RH_OIDC_CLIENT_SECRET: optionalString,
  RH_OIDC_REDIRECT_URL: optionalString,
  RH_OIDC_SCOPES: optionalString,
  RH_OIDC_DEFAULT_ROLE: optionalString,
  RH_OIDC_ALLOWED_DOMAINS: optionalString,
  RH_OIDC_NAME: optionalString,
  RH_OIDC_FLOW_TTL_MS: int(D.DEFAULT_OIDC_FLOW_TTL_MS, 1),
  RH_OIDC_HTTP_TIMEOUT_MS: int(D.DEFAULT_OIDC_HTTP_TIMEOUT_MS, 1),
});

/** A limit on failed authentications: at most `max` per window, per address and per token or agent. */
export type RateLimitName = 'signIn' | 'apiAuth' | 'enroll' | 'agentAuth';

export interface CoordinatorConfig {
  readonly http: {
    readonly port: number;
    readonly host: string;
    readonly maxRequestBytes: number;
    /** Deepest nesting of objects and arrays accepted in a body, query or socket message. */
    readonly maxJsonDepth: number;
    /** RH_TRUSTED_PROXIES, parsed: the peers whose X-Forwarded-For / X-Forwarded-Proto are believed. */
    readonly trustedProxies: readonly ProxyEntry[];
    /** Set: serve HTTPS and WSS on the port, with the certificate and key in these files (PEM). */
    readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  };
  /** `url` set: that Postgres. Unset: embedded PGlite under `dataDir`. */
  readonly database: { readonly url: string | undefined; readonly dataDir: string; readonly poolSize: number };
  /**
   * `failedJobsKept`: failed jobs kept per agent queue (BullMQ `removeOnFail`); `startupTimeoutMs`:
   * how long the start waits for Redis to claim `queuePrefix`.
   */
  readonly redis: { readonly url: string; readonly queuePrefix: string; readonly failedJobsKept: number; readonly startupTimeoutMs: number };
  readonly auth: {
    readonly adminToken: string | undefined;
    readonly enrollToken: string | undefined;
    /** A personal token made without `expiresAt` ends this many days after it is made. */
    readonly personalTokenTtlDays: number;
    /** API token checks that waited together read by one statement, at most this many. */
    readonly tokenChecksPerStatement: number;
    readonly passwordMinLength: number;
    /** OpenID Connect sign-in (session/oidc); undefined: off (RH_OIDC_ISSUER unset). */
    readonly oidc: OidcConfig | undefined;
  };
  /**
   * The audit log: entries kept `retentionDays`, pruned every `pruneIntervalMs`; REST pages of `pageSize` (at most `pageSizeMax`);
   * entries that waited together written `entriesPerInsert` per statement.
   */
  readonly audit: { readonly retentionDays: number; readonly pruneIntervalMs: number; readonly pageSize: number; readonly pageSizeMax: number; readonly entriesPerInsert: number };
  readonly dataDir: string;
  readonly logLevel: z.infer<typeof CoordinatorEnvSchema>['RH_LOG_LEVEL'];
  readonly nodes: {
    readonly timeoutMs: number;
    readonly retry: { readonly maxAttempts: number; readonly delayMs: number; readonly maxDelayMs: number };
    readonly maxIterationsCap: number;
    readonly maxOutputBytes: number;
    /** Control nodes decided by the coordinator in one transaction of an advance. */
    readonly controlDecisionsPerTransaction: number;
    /** Nodes of one run handled without I/O before the event loop is given back. */
    readonly yieldEveryNodes: number;
    /** Most nodes in one workflow definition; more is refused with 400 TOO_MANY_NODES. */
    readonly maxPerRun: number;
  };
  readonly agents: {
    readonly heartbeatIntervalMs: number;
    readonly offlineAfterMs: number;
    /** How long a disconnected agent may take to reconnect before it counts as lost. */
    readonly disconnectGraceMs: number;
    /** Shortest time between two `agent:updated` of one agent for its load and heartbeat. */
    readonly updateMinIntervalMs: number;
    /** How far a signed handshake's timestamp may be from this coordinator's clock. */
    readonly authMaxSkewMs: number;
    /** Lifetime of an enroll token created without an expiry. */
    readonly enrollTokenDefaultTtlMs: number;
    /** Log lines are stored in batches of at most `logBatchMaxLines`, at least every `logBatchFlushMs`. */
    readonly logBatchMaxLines: number;
    readonly logBatchFlushMs: number;
  };
  /** The limits and pool of the expression sandbox (libs/expressions). */
  readonly expressions: X.SandboxOptions;
  /** Failed authentications counted in Redis (shared by replicas) over `windowMs`. */
  readonly rateLimits: {
    readonly windowMs: number;
    readonly max: Readonly<Record<RateLimitName, number>>;
    /** Checks that wait together read in one Redis call. */
    readonly checksPerCall: number;
  };
  readonly sockets: {
    /** The largest message a client may send (`/agents`, `/live`). */
    readonly maxMessageBytes: number;
    /** A connection that joined no namespace within this is closed. */
    readonly handshakeWindowMs: number;
    /** Per replica: connections of one address inside their handshake window, and in all. */
    readonly pendingPerAddressMax: number;
    readonly perAddressMax: number;
    /** How often the tokens of open `/live` connections are checked again. */
    readonly liveAuthRecheckMs: number;
  };
  /** Tasks from agents' queues to their connections (agents/task-delivery.ts). */
  readonly delivery: {
    readonly assignAckTimeoutMs: number;
    readonly assignRetryDelayMs: number;
    readonly lockDurationMs: number;
    readonly stalledIntervalMs: number;
    readonly sweepIntervalMs: number;
  };
  readonly runs: {
    readonly reconcileIntervalMs: number;
    /** Least time between back-to-back advances of one wide run. */
    readonly wideRunAdvanceIntervalMs: number;
    readonly pageSize: number;
    readonly pageSizeMax: number;
    /** Node results recorded at once; more wait unacknowledged. */
    readonly resultsConcurrency: number;
    /** Results of one run that waited together, recorded in one transaction at most. */
    readonly resultsPerTransaction: number;
    /** Claims of one run that waited together made in one statement. */
    readonly claimsPerStatement: number;
    /** Nodes a task may carry after its own (a bundle); 0: none. */
    readonly taskBundleMaxSteps: number;
    /** A task running this long past its timeout is failed by the coordinator (TIMEOUT), checked every `deadlineCheckIntervalMs`. */
    readonly taskDeadlineGraceMs: number;
    readonly deadlineCheckIntervalMs: number;
    /** Agent losses while running one node before the node is quarantined. */
    readonly taskMaxAgentLosses: number;
    /** Unfinished recoveries of one run (coordinator deaths) before the run is quarantined. */
    readonly runMaxRecoveries: number;
    readonly logPageSize: number;
    readonly logPageSizeMax: number;
    /** The cap on `POST /api/runs?waitMs=`. */
    readonly startWaitMaxMs: number;
  };
  /**
   * Agents' metric samples and trace spans: kept `*RetentionMs`, pruned every
   * `pruneIntervalMs`; REST pages of `*PageSize` (at most `*PageSizeMax`).
   */
  readonly telemetry: {
    readonly metricsRetentionMs: number;
    readonly tracesRetentionMs: number;
    readonly pruneIntervalMs: number;
    readonly metricsPageSize: number;
    readonly metricsPageSizeMax: number;
    readonly tracesPageSize: number;
    readonly tracesPageSizeMax: number;
  };
  /** Queued runs (runs/run-admission.ts): swept every `sweepIntervalMs`, `scanMax` read per pass. */
  readonly admission: { readonly sweepIntervalMs: number; readonly scanMax: number };
  /** Several coordinators on one deployment (cluster/): shared live events, leases on singleton work. */
  readonly replicas: {
    readonly liveStreamMaxLen: number;
    readonly leaseTtlMs: number;
    /** What a replica caches of rarely changed rows (cluster/replica-caches.ts): kept at most `cacheTtlMs`, `cacheMaxEntries` per cache. */
    readonly cacheTtlMs: number;
    readonly cacheMaxEntries: number;
  };
  readonly schedules: {
    /** A fire handled later than this after its time is a misfire. */
    readonly misfireGraceMs: number;
    readonly fireConcurrency: number;
    /** Runs of one schedule that may wait behind its running one (overlap `queue`). */
    readonly queueMax: number;
    readonly firesKept: number;
    readonly pruneIntervalMs: number;
  };
  readonly batches: {
    readonly maxItems: number;
    readonly defaultConcurrency: number;
    readonly maxConcurrency: number;
    readonly sweepIntervalMs: number;
    readonly maxRequestBytes: number;
  };
  readonly hooks: { readonly defaultRateLimitPerMinute: number; readonly waitMaxMs: number };
  readonly notifications: {
    /** Unset: email notifications are refused (no SMTP server to send them through). */
    readonly smtpUrl: string | undefined;
    readonly smtpFrom: string;
    readonly maxAttempts: number;
    readonly backoffMs: number;
    readonly timeoutMs: number;
    readonly concurrency: number;
  };
  /**
   * The secrets key (secrets/README.md): `key` (RH_SECRETS_KEY, base64) or `keyFile`
   * (RH_SECRETS_KEY_FILE: its first line the key, further lines previous keys), never both;
   * `previousKeys` (RH_SECRETS_PREVIOUS_KEYS, comma-separated) only open rows during a rotation.
   * `generatedKeyFile`: with neither set and the embedded database, the key file made in the
   * data folder. `maxValueBytes`: the largest value accepted.
   */
  readonly secrets: {
    readonly key: string | undefined;
    readonly keyFile: string | undefined;
    readonly previousKeys: readonly string[];
    readonly generatedKeyFile: string | undefined;
    readonly maxValueBytes: number;
  };
  readonly shutdownGraceMs: number;
}

/** Thrown at boot with every problem of the environment, one per line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid coordinator configuration:\n  ${problems.join('\n  ')}`);
  }
}

export function loadCoordinatorConfig(env: Record<string, string | undefined>): CoordinatorConfig {
  const parsed = CoordinatorEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const proxies = parseTrustedProxies(e.RH_TRUSTED_PROXIES);
  if (proxies.problems.length > 0) throw new ConfigError(proxies.problems.map((problem) => `RH_TRUSTED_PROXIES: ${problem}`));
  if ((e.RH_TLS_CERT === undefined) !== (e.RH_TLS_KEY === undefined)) {
    throw new ConfigError([`${e.RH_TLS_CERT === undefined ? 'RH_TLS_CERT' : 'RH_TLS_KEY'}: set RH_TLS_CERT and RH_TLS_KEY together (PEM files) to serve HTTPS, or neither`]);
  }
  if (e.RH_RUN_PAGE_SIZE > e.RH_RUN_PAGE_SIZE_MAX) {
    throw new ConfigError([`RH_RUN_PAGE_SIZE: ${e.RH_RUN_PAGE_SIZE} is above RH_RUN_PAGE_SIZE_MAX (${e.RH_RUN_PAGE_SIZE_MAX})`]);
  }
  if (e.RH_LOG_PAGE_SIZE > e.RH_LOG_PAGE_SIZE_MAX) {
    throw new ConfigError([`RH_LOG_PAGE_SIZE: ${e.RH_LOG_PAGE_SIZE} is above RH_LOG_PAGE_SIZE_MAX (${e.RH_LOG_PAGE_SIZE_MAX})`]);
  }
  if (e.RH_METRICS_PAGE_SIZE > e.RH_METRICS_PAGE_SIZE_MAX) {
    throw new ConfigError([`RH_METRICS_PAGE_SIZE: ${e.RH_METRICS_PAGE_SIZE} is above RH_METRICS_PAGE_SIZE_MAX (${e.RH_METRICS_PAGE_SIZE_MAX})`]);
  }
  if (e.RH_TRACES_PAGE_SIZE > e.RH_TRACES_PAGE_SIZE_MAX) {
    throw new ConfigError([`RH_TRACES_PAGE_SIZE: ${e.RH_TRACES_PAGE_SIZE} is above RH_TRACES_PAGE_SIZE_MAX (${e.RH_TRACES_PAGE_SIZE_MAX})`]);
  }
  const secretsProblems = secretKeyProblems(e);
  if (secretsProblems.length > 0) throw new ConfigError(secretsProblems);
  const oidc = parseOidcConfig(e);
  if (oidc.problems.length > 0) throw new ConfigError(oidc.problems);
  return {
    http: {
      port: e.RH_PORT,
      host: e.RH_HOST,
      maxRequestBytes: e.RH_MAX_REQUEST_BYTES,
      maxJsonDepth: e.RH_MAX_JSON_DEPTH,
      trustedProxies: proxies.entries,
      tls: e.RH_TLS_CERT && e.RH_TLS_KEY ? { certFile: e.RH_TLS_CERT, keyFile: e.RH_TLS_KEY } : undefined,
    },
    database: { url: e.DATABASE_URL, dataDir: `${e.RH_DATA_DIR}/${PGLITE_DIR_NAME}`, poolSize: e.RH_DB_POOL_SIZE },
    redis: { url: e.REDIS_URL, queuePrefix: e.RH_QUEUE_PREFIX, failedJobsKept: e.RH_QUEUE_FAILED_JOBS_KEPT, startupTimeoutMs: e.RH_REDIS_STARTUP_TIMEOUT_MS },
    auth: {
      adminToken: e.RH_ADMIN_TOKEN,
      enrollToken: e.RH_ENROLL_TOKEN,
      personalTokenTtlDays: e.RH_PERSONAL_TOKEN_TTL_DAYS,
      tokenChecksPerStatement: e.RH_TOKEN_CHECKS_PER_STATEMENT,
      passwordMinLength: e.RH_PASSWORD_MIN_LENGTH,
      oidc: oidc.config,
    },
    audit: {
      retentionDays: e.RH_AUDIT_RETENTION_DAYS,
      pruneIntervalMs: e.RH_AUDIT_PRUNE_INTERVAL_MS,
      pageSize: e.RH_AUDIT_PAGE_SIZE,
      pageSizeMax: e.RH_AUDIT_PAGE_SIZE_MAX,
      entriesPerInsert: e.RH_AUDIT_ENTRIES_PER_INSERT,
    },
    dataDir: e.RH_DATA_DIR,
    logLevel: e.RH_LOG_LEVEL,
    nodes: {
      timeoutMs: e.RH_NODE_TIMEOUT_MS,
      retry: { maxAttempts: e.RH_NODE_MAX_ATTEMPTS, delayMs: e.RH_NODE_RETRY_DELAY_MS, maxDelayMs: e.RH_NODE_RETRY_MAX_DELAY_MS },
      maxIterationsCap: e.RH_MAX_ITERATIONS_CAP,
      maxOutputBytes: e.RH_MAX_OUTPUT_BYTES,
      controlDecisionsPerTransaction: e.RH_CONTROL_DECISIONS_PER_TRANSACTION,
      yieldEveryNodes: e.RH_ENGINE_YIELD_EVERY_NODES,
      maxPerRun: e.RH_MAX_NODES_PER_RUN,
    },
    agents: {
      heartbeatIntervalMs: e.RH_HEARTBEAT_INTERVAL_MS,
      offlineAfterMs: e.RH_AGENT_OFFLINE_AFTER_MS,
      disconnectGraceMs: e.RH_AGENT_DISCONNECT_GRACE_MS,
      updateMinIntervalMs: e.RH_AGENT_UPDATE_MIN_INTERVAL_MS,
      authMaxSkewMs: e.RH_AGENT_AUTH_MAX_SKEW_MS,
      enrollTokenDefaultTtlMs: e.RH_ENROLL_TOKEN_DEFAULT_TTL_MS,
      logBatchMaxLines: e.RH_LOG_BATCH_MAX_LINES,
      logBatchFlushMs: e.RH_LOG_BATCH_FLUSH_MS,
    },
    expressions: {
      limits: {
        timeoutMs: e.RH_EXPRESSION_TIMEOUT_MS,
        maxMemoryMb: e.RH_EXPRESSION_MAX_MEMORY_MB,
        maxOutputBytes: e.RH_EXPRESSION_MAX_OUTPUT_BYTES,
        maxDepth: e.RH_EXPRESSION_MAX_DEPTH,
        maxSequenceLength: e.RH_EXPRESSION_MAX_SEQUENCE_LENGTH,
      },
      processes: e.RH_EXPRESSION_PROCESSES,
    },
    rateLimits: {
      windowMs: e.RH_RATE_LIMIT_WINDOW_MS,
      max: { signIn: e.RH_RATE_LIMIT_SIGN_IN, apiAuth: e.RH_RATE_LIMIT_API_AUTH, enroll: e.RH_RATE_LIMIT_ENROLL, agentAuth: e.RH_RATE_LIMIT_AGENT_AUTH },
      checksPerCall: e.RH_RATE_LIMIT_CHECKS_PER_CALL,
    },
    sockets: {
      maxMessageBytes: e.RH_SOCKET_MAX_MESSAGE_BYTES,
      handshakeWindowMs: e.RH_SOCKET_HANDSHAKE_WINDOW_MS,
      pendingPerAddressMax: e.RH_SOCKET_PENDING_PER_ADDRESS_MAX,
      perAddressMax: e.RH_SOCKETS_PER_ADDRESS_MAX,
      liveAuthRecheckMs: e.RH_LIVE_AUTH_RECHECK_MS,
    },
    delivery: {
      assignAckTimeoutMs: e.RH_TASK_ASSIGN_ACK_TIMEOUT_MS,
      assignRetryDelayMs: e.RH_TASK_ASSIGN_RETRY_DELAY_MS,
      lockDurationMs: e.RH_DELIVERY_LOCK_DURATION_MS,
      stalledIntervalMs: e.RH_DELIVERY_STALLED_INTERVAL_MS,
      sweepIntervalMs: e.RH_DELIVERY_SWEEP_INTERVAL_MS,
    },
    runs: {
      reconcileIntervalMs: e.RH_RECONCILE_INTERVAL_MS,
      wideRunAdvanceIntervalMs: e.RH_WIDE_RUN_ADVANCE_INTERVAL_MS,
      pageSize: e.RH_RUN_PAGE_SIZE,
      pageSizeMax: e.RH_RUN_PAGE_SIZE_MAX,
      resultsConcurrency: e.RH_RESULTS_CONCURRENCY,
      resultsPerTransaction: e.RH_RESULTS_PER_TRANSACTION,
      claimsPerStatement: e.RH_CLAIMS_PER_STATEMENT,
      taskBundleMaxSteps: e.RH_TASK_BUNDLE_MAX_STEPS,
      taskDeadlineGraceMs: e.RH_TASK_DEADLINE_GRACE_MS,
      deadlineCheckIntervalMs: e.RH_TASK_DEADLINE_CHECK_INTERVAL_MS,
      taskMaxAgentLosses: e.RH_TASK_MAX_AGENT_LOSSES,
      runMaxRecoveries: e.RH_RUN_MAX_RECOVERIES,
      logPageSize: e.RH_LOG_PAGE_SIZE,
      logPageSizeMax: e.RH_LOG_PAGE_SIZE_MAX,
      startWaitMaxMs: e.RH_RUN_START_WAIT_MAX_MS,
    },
    telemetry: {
      metricsRetentionMs: e.RH_METRICS_RETENTION_MS,
      tracesRetentionMs: e.RH_TRACES_RETENTION_MS,
      pruneIntervalMs: e.RH_TELEMETRY_PRUNE_INTERVAL_MS,
      metricsPageSize: e.RH_METRICS_PAGE_SIZE,
      metricsPageSizeMax: e.RH_METRICS_PAGE_SIZE_MAX,
      tracesPageSize: e.RH_TRACES_PAGE_SIZE,
      tracesPageSizeMax: e.RH_TRACES_PAGE_SIZE_MAX,
    },
    admission: { sweepIntervalMs: e.RH_ADMISSION_SWEEP_INTERVAL_MS, scanMax: e.RH_ADMISSION_SCAN_MAX },
    replicas: {
      liveStreamMaxLen: e.RH_LIVE_STREAM_MAX_LEN,
      leaseTtlMs: e.RH_LEASE_TTL_MS,
      cacheTtlMs: e.RH_REPLICA_CACHE_TTL_MS,
      cacheMaxEntries: e.RH_REPLICA_CACHE_MAX_ENTRIES,
    },
    schedules: {
      misfireGraceMs: e.RH_SCHEDULE_MISFIRE_GRACE_MS,
      fireConcurrency: e.RH_SCHEDULE_FIRE_CONCURRENCY,
      queueMax: e.RH_SCHEDULE_QUEUE_MAX,
      firesKept: e.RH_SCHEDULE_FIRES_KEPT,
      pruneIntervalMs: e.RH_SCHEDULE_PRUNE_INTERVAL_MS,
    },
    batches: {
      maxItems: e.RH_BATCH_MAX_ITEMS,
      defaultConcurrency: e.RH_BATCH_DEFAULT_CONCURRENCY,
      maxConcurrency: e.RH_BATCH_MAX_CONCURRENCY,
      sweepIntervalMs: e.RH_BATCH_SWEEP_INTERVAL_MS,
      maxRequestBytes: e.RH_BATCH_MAX_REQUEST_BYTES,
    },
    hooks: { defaultRateLimitPerMinute: e.RH_HOOK_RATE_LIMIT_PER_MINUTE, waitMaxMs: e.RH_HOOK_WAIT_MAX_MS },
    notifications: {
      smtpUrl: e.RH_SMTP_URL,
      smtpFrom: e.RH_SMTP_FROM,
      maxAttempts: e.RH_NOTIFY_MAX_ATTEMPTS,
      backoffMs: e.RH_NOTIFY_BACKOFF_MS,
      timeoutMs: e.RH_NOTIFY_TIMEOUT_MS,
      concurrency: e.RH_NOTIFY_CONCURRENCY,
    },
    secrets: {
      key: e.RH_SECRETS_KEY,
      keyFile: e.RH_SECRETS_KEY_FILE,
      previousKeys: splitKeys(e.RH_SECRETS_PREVIOUS_KEYS),
      generatedKeyFile:
        e.RH_SECRETS_KEY === undefined && e.RH_SECRETS_KEY_FILE === undefined && e.DATABASE_URL === undefined
          ? path.join(e.RH_DATA_DIR, D.GENERATED_SECRETS_KEY_FILE_NAME)
          : undefined,
      maxValueBytes: e.RH_SECRET_MAX_BYTES,
    },
    shutdownGraceMs: e.RH_SHUTDOWN_GRACE_MS,
  };
}

function splitKeys(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The keys given in the environment itself, checked at once (a key file is read when the coordinator starts). */
function secretKeyProblems(e: z.infer<typeof CoordinatorEnvSchema>): string[] {
  const problems: string[] = [];
  if (e.RH_SECRETS_KEY !== undefined && e.RH_SECRETS_KEY_FILE !== undefined) {
    problems.push('RH_SECRETS_KEY_FILE: set RH_SECRETS_KEY or RH_SECRETS_KEY_FILE, not both');
  }
  const check = (text: string, source: string): void => {
    try {
      parseSecretKey(text, source);
    } catch (error) {
      if (!(error instanceof SecretKeyInvalidError)) throw error;
      problems.push(error.message);
    }
  };
  if (e.RH_SECRETS_KEY !== undefined) check(e.RH_SECRETS_KEY, 'RH_SECRETS_KEY');
  splitKeys(e.RH_SECRETS_PREVIOUS_KEYS).forEach((key, index) => check(key, `RH_SECRETS_PREVIOUS_KEYS (key ${index + 1})`));
  return problems;
}

/** Injection token for the parsed configuration. */
export const COORDINATOR_CONFIG = Symbol('COORDINATOR_CONFIG');
