import { z } from 'zod';
import { AgentIdSchema, AttemptSchema, IsoTimestampSchema, RunIdSchema } from './common.schema';
import { AckFailureSchema } from './ack.schema';
import { NodeIdSchema } from './workflow.schema';
import { TaskRefSchema } from './task.schema';
import {
  AGENT_HELD_TASKS_MAX,
  AGENT_MAX_CONCURRENCY,
  AGENT_TAG_MAX_COUNT,
  LOG_LINE_MAX_LENGTH,
  METRIC_BATCH_MAX_SAMPLES,
  PROGRESS_MESSAGE_MAX_LENGTH,
  SHORT_NAME_MAX_LENGTH,
  TRACE_BATCH_MAX_SPANS,
} from './protocol-limits';

/**
 * Agents and what they send over the `/agents` namespace besides task results: registration,
 * heartbeats, log lines, progress, metrics and trace spans.
 */

/** `worker`: a Node worker agent. `python`: a Python agent. Both receive their tasks over Socket.IO. */
export const AgentKindSchema = z.enum(['worker', 'python']);
export type AgentKind = z.infer<typeof AgentKindSchema>;

export const AgentOsSchema = z.enum(['windows', 'linux', 'darwin']);
export type AgentOs = z.infer<typeof AgentOsSchema>;

export const AgentStatusSchema = z.enum(['online', 'offline', 'revoked']);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

const ShortNameSchema = z.string().min(1).max(SHORT_NAME_MAX_LENGTH);

/**
 * The interactive desktop session an agent runs in, as it sees it: `none` (no desktop: a
 * service, a host without a display, a disconnected remote session), `locked` (a desktop
 * behind its lock screen) or `unlocked` (input reaches the user's windows). Nodes that need
 * the `desktop` capability go only to agents whose session is `unlocked`.
 */
export const DesktopSessionSchema = z.enum(['none', 'locked', 'unlocked']);
export type DesktopSession = z.infer<typeof DesktopSessionSchema>;
const TagListSchema = z.array(ShortNameSchema).max(AGENT_TAG_MAX_COUNT);

/**
 * An agent's Ed25519 public key: the 32 raw bytes, base64url without padding. The agent
 * generates the key pair at enrollment and keeps the private half on its host; the
 * coordinator stores this half (`agents.public_key`).
 */
export const AgentPublicKeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected an Ed25519 public key: 32 bytes, base64url');

/** A fresh random value per handshake (16 to 64 bytes, base64url), so a captured handshake cannot be replayed. */
export const AgentAuthNonceSchema = z.string().regex(/^[A-Za-z0-9_-]{22,86}$/, 'expected 16 to 64 random bytes, base64url');

/** An Ed25519 signature: 64 bytes, base64url without padding. */
export const AgentSignatureSchema = z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'expected an Ed25519 signature: 64 bytes, base64url');

/**
 * Socket.IO handshake `auth` of the `/agents` namespace.
 *
 * - `enroll`: the first connection. `enrollToken` is an enroll token (or the shared development
 *   token); `publicKey` is the agent's new key, which it authenticates with from then on
 *   (without one the agent's identity lasts one session: it must enroll again to come back).
 * - `signature`: every connection after. The agent signs `agentAuthMessage(agentId,
 *   timestampMs, nonce)` with its private key; the coordinator checks the signature against the
 *   stored public key, that `timestampMs` is recent, and that the nonce was not seen before.
 *   Nothing secret crosses the wire.
 */
export const AgentAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('enroll'), enrollToken: z.string().min(1), publicKey: AgentPublicKeySchema.optional() }),
  z.strictObject({
    type: z.literal('signature'),
    agentId: AgentIdSchema,
    /** The agent's clock, milliseconds since the Unix epoch. */
    timestampMs: z.number().int().min(0),
    nonce: AgentAuthNonceSchema,
    signature: AgentSignatureSchema,
  }),
]);
export type AgentAuth = z.infer<typeof AgentAuthSchema>;

/** Keeps a signature made for the `/agents` handshake from being valid for anything else. */
export const AGENT_AUTH_SIGNING_CONTEXT = 'runtime-hub/agent-auth/v1';

/** The exact text (UTF-8) an agent signs for a `signature` handshake; agents in every language build it the same way. */
export function agentAuthMessage(agentId: string, timestampMs: number, nonce: string): string {
  return `${AGENT_AUTH_SIGNING_CONTEXT}\n${agentId}\n${timestampMs}\n${nonce}`;
}

/** `agent:register`: who the agent is and what its host allows. */
export const AgentRegistrationSchema = z.strictObject({
  name: ShortNameSchema,
  kind: AgentKindSchema,
  os: AgentOsSchema,
  /** `process.arch` / `platform.machine()`: x64, arm64, ... */
  arch: ShortNameSchema,
  /** The agent's own version, so the coordinator can show mixed fleets. */
  version: ShortNameSchema,
  labels: TagListSchema,
  /** What the host's local policy permits (`shell:powershell`, `file`, `desktop`, ...). */
  capabilities: TagListSchema,
  /** Tasks the agent runs at once. */
  concurrency: z.number().int().min(1).max(AGENT_MAX_CONCURRENCY),
  hostname: ShortNameSchema,
  /**
   * The attempts this agent still holds: running, or finished with a result the coordinator
   * has not acknowledged yet. Any other attempt the coordinator believes it runs was lost
   * with the agent's previous process (it restarted) and is failed with AGENT_LOST.
   */
  tasks: z.array(TaskRefSchema).max(AGENT_HELD_TASKS_MAX).optional(),
  /** The agent's desktop session at registration; absent: `none` (agents that drive no desktop). */
  session: DesktopSessionSchema.optional(),
});
export type AgentRegistration = z.infer<typeof AgentRegistrationSchema>;

export const RegisterAckOkSchema = z.strictObject({
  ok: z.literal(true),
  agentId: AgentIdSchema,
  /** How often the coordinator expects `agent:heartbeat`. */
  heartbeatIntervalMs: z.number().int().min(1),
  /**
   * The labels the agent has: granted by its enroll token or an administrator, never by
   * declaring them (the development token excepted). The agent logs the declared ones it lacks.
   */
  labels: TagListSchema.optional(),
});
export type RegisterAckOk = z.infer<typeof RegisterAckOkSchema>;

export const RegisterAckSchema = z.discriminatedUnion('ok', [RegisterAckOkSchema, AckFailureSchema]);
export type RegisterAck = z.infer<typeof RegisterAckSchema>;

/** `PUT /api/agents/:id/labels`: the labels an administrator grants the agent (they replace its labels). */
export const AgentLabelsUpdateSchema = z.strictObject({ labels: TagListSchema });
export type AgentLabelsUpdate = z.infer<typeof AgentLabelsUpdateSchema>;

/** `agent:heartbeat`, every `heartbeatIntervalMs`. */
export const AgentHeartbeatSchema = z.strictObject({
  at: IsoTimestampSchema,
  runningTasks: z.number().int().min(0),
  /** Share of the host's CPU in use since the last heartbeat, 0..1 (Windows has no load average). */
  load: z.number().min(0).max(1).optional(),
  /** The desktop session now; absent: unchanged since the registration or the last heartbeat that said. */
  session: DesktopSessionSchema.optional(),
});
export type AgentHeartbeat = z.infer<typeof AgentHeartbeatSchema>;

/** An agent as the REST API and dashboards see it. */
export const AgentRecordSchema = z.strictObject({
  id: AgentIdSchema,
  name: z.string().min(1),
  kind: AgentKindSchema,
  os: AgentOsSchema,
  arch: z.string(),
  hostname: z.string(),
  labels: z.array(z.string()),
  capabilities: z.array(z.string()),
  concurrency: z.number().int().min(1),
  status: AgentStatusSchema,
  lastHeartbeatAt: IsoTimestampSchema,
  version: z.string(),
  runningTasks: z.number().int().min(0),
  connectedAt: IsoTimestampSchema,
  /** The desktop session the agent last reported while online; null while it is offline. */
  session: DesktopSessionSchema.nullable(),
});
export type AgentRecord = z.infer<typeof AgentRecordSchema>;

export const LogStreamSchema = z.enum(['stdout', 'stderr', 'system']);
export type LogStream = z.infer<typeof LogStreamSchema>;

/**
 * `agent:log`: one line a node printed (`system`: what the agent itself says about the task,
 * e.g. "killed process tree after timeout"). Lines longer than LOG_LINE_MAX_LENGTH are cut
 * by the agent.
 */
export const AgentLogSchema = z.strictObject({
  runId: RunIdSchema,
  nodeId: NodeIdSchema,
  attempt: AttemptSchema,
  stream: LogStreamSchema,
  line: z.string().max(LOG_LINE_MAX_LENGTH),
  at: IsoTimestampSchema,
});
export type AgentLog = z.infer<typeof AgentLogSchema>;

/** A stored log line, as `GET /api/runs/:id/logs` and the live `run:log` event carry it. */
export const RunLogRecordSchema = AgentLogSchema.extend({
  /** Increasing per database: the order lines were recorded in, and the `--follow` cursor. */
  id: z.number().int().min(1),
  agentId: AgentIdSchema.nullable(),
});
export type RunLogRecord = z.infer<typeof RunLogRecordSchema>;

/** `task:progress`: optional, for long nodes that know how far they are. */
export const TaskProgressSchema = z.strictObject({
  runId: RunIdSchema,
  nodeId: NodeIdSchema,
  attempt: AttemptSchema,
  percent: z.number().min(0).max(100).optional(),
  message: z.string().max(PROGRESS_MESSAGE_MAX_LENGTH).optional(),
});
export type TaskProgress = z.infer<typeof TaskProgressSchema>;

/** One metric sample an agent measured (task durations, queue waits, host figures). */
export const AgentMetricSchema = z.strictObject({
  name: ShortNameSchema,
  value: z.number(),
  at: IsoTimestampSchema,
  labels: z.record(z.string(), z.string()).optional(),
});
export type AgentMetric = z.infer<typeof AgentMetricSchema>;

/** `agent:metrics`. `dropped`: samples the agent discarded since the last batch (buffer full). */
export const MetricBatchSchema = z.strictObject({
  samples: z.array(AgentMetricSchema).max(METRIC_BATCH_MAX_SAMPLES),
  dropped: z.number().int().min(0),
});
export type MetricBatch = z.infer<typeof MetricBatchSchema>;

/** One timed section of agent code; `depth` is its nesting level (0: outermost). */
export const TraceSpanSchema = z.strictObject({
  name: ShortNameSchema,
  module: ShortNameSchema,
  durationMs: z.number().min(0),
  depth: z.number().int().min(0),
  at: IsoTimestampSchema,
  runId: RunIdSchema.optional(),
  nodeId: NodeIdSchema.optional(),
});
export type TraceSpan = z.infer<typeof TraceSpanSchema>;

/** `agent:traces`. `dropped`: spans the agent discarded since the last batch. */
export const TraceBatchSchema = z.strictObject({
  spans: z.array(TraceSpanSchema).max(TRACE_BATCH_MAX_SPANS),
  dropped: z.number().int().min(0),
});
export type TraceBatch = z.infer<typeof TraceBatchSchema>;

/** A span as the coordinator stored it: `GET /api/agents/:id/traces` and a node run's traces. */
export const AgentTraceSchema = TraceSpanSchema.extend({ agentId: AgentIdSchema });
export type AgentTrace = z.infer<typeof AgentTraceSchema>;

/** `/live` `agent:metrics`: the samples of a batch an agent just sent, once stored (live charts). */
export const AgentMetricsUpdateSchema = z.strictObject({ agentId: AgentIdSchema, samples: z.array(AgentMetricSchema) });
export type AgentMetricsUpdate = z.infer<typeof AgentMetricsUpdateSchema>;

/** `agent:error`: the coordinator tells an agent why it refuses it or one of its messages. */
export const AgentErrorSchema = z.strictObject({
  code: z.enum(['UNAUTHORIZED', 'REVOKED', 'INVALID_MESSAGE', 'DUPLICATE_NAME', 'NAME_TAKEN', 'NOT_ASSIGNED', 'INTERNAL']),
  message: z.string(),
});
export type AgentError = z.infer<typeof AgentErrorSchema>;

/**
 * Why the `/agents` handshake refused a connection: the `data.code` of the connect error, so
 * an agent decides without reading the message whether to retry, enroll again or stop.
 *
 * - ENROLL_TOKEN_REFUSED: the enroll token is unknown, expired, used up or revoked (the message
 *   says which); retrying with it cannot succeed.
 * - AGENT_REVOKED: an administrator revoked this agent; it must not come back by itself.
 * - AUTH_FAILED: unknown agent, bad signature, stale timestamp or replayed nonce.
 * - AUTH_INVALID: the handshake `auth` does not match AgentAuthSchema.
 * - UNAVAILABLE: the coordinator could not check the handshake (database or Redis down); retry.
 * - RATE_LIMITED: too many refused handshakes from this address or for this token / agent;
 *   retry with backoff, not before `retryAfterMs`. Never a verdict on the credential.
 */
export const AgentConnectRefusalCodeSchema = z.enum(['ENROLL_TOKEN_REFUSED', 'AGENT_REVOKED', 'AUTH_FAILED', 'AUTH_INVALID', 'UNAVAILABLE', 'RATE_LIMITED']);
export type AgentConnectRefusalCode = z.infer<typeof AgentConnectRefusalCodeSchema>;

/** The `data` of a connect error of `/agents` (and `/live`): what kind of refusal, and when to try again. */
export const ConnectRefusalDataSchema = z.strictObject({
  code: AgentConnectRefusalCodeSchema,
  /** RATE_LIMITED: the earliest a new attempt can succeed, in milliseconds. */
  retryAfterMs: z.number().int().min(0).optional(),
});
export type ConnectRefusalData = z.infer<typeof ConnectRefusalDataSchema>;

/** An enroll token as `GET /api/enroll-tokens` shows it: never its secret. */
export const EnrollTokenRecordSchema = z.strictObject({
  id: z.string().min(1),
  labels: z.array(z.string()),
  /** Null: unlimited until it expires or is revoked. */
  maxUses: z.number().int().min(1).nullable(),
  uses: z.number().int().min(0),
  expiresAt: IsoTimestampSchema.nullable(),
  createdAt: IsoTimestampSchema,
  revokedAt: IsoTimestampSchema.nullable(),
  /** `usable`, or why an agent presenting it is refused. */
  state: z.enum(['usable', 'expired', 'used-up', 'revoked']),
});
export type EnrollTokenRecord = z.infer<typeof EnrollTokenRecordSchema>;

/** `POST /api/enroll-tokens` answers with the record and, this once, the secret. */
export const CreatedEnrollTokenSchema = EnrollTokenRecordSchema.extend({ token: z.string().min(1) });
export type CreatedEnrollToken = z.infer<typeof CreatedEnrollTokenSchema>;
