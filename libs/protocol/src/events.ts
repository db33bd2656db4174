import { z } from 'zod';
import { RunIdSchema } from './common.schema';
import type { Ack, AckCallback } from './ack.schema';
import {
  AgentHeartbeatSchema,
  AgentLogSchema,
  AgentRegistrationSchema,
  MetricBatchSchema,
  TaskProgressSchema,
  TraceBatchSchema,
  type AgentError,
  type AgentHeartbeat,
  type AgentLog,
  type AgentMetricsUpdate,
  type AgentRecord,
  type AgentRegistration,
  type MetricBatch,
  type RegisterAck,
  type RunLogRecord,
  type TaskProgress,
  type TraceBatch,
} from './agent.schema';
import { NodeResultSchema, type NodeResult, type NodeTask, type TaskCancel } from './task.schema';
import type { NodeRunRecord, RunRecord, RunSummary } from './run.schema';

/**
 * One typed event map per Socket.IO namespace and direction (STYLE.md §3). Servers and
 * clients are typed with them (`Server<ClientToServer, ServerToClient>`), and every payload
 * a server receives is parsed by the schema in `*_INBOUND_SCHEMAS` before anything uses it.
 */

/** Namespace of agents (worker and Python): control channel, logs, telemetry. */
export const AGENTS_NAMESPACE = '/agents';
/** Namespace of dashboards: live runs and agents. */
export const LIVE_NAMESPACE = '/live';

// ── /agents ─────────────────────────────────────────────────────────────────────────────

export interface AgentsClientToServerEvents {
  /** First message after connecting; nothing else is accepted before it succeeds. */
  'agent:register': (registration: AgentRegistration, ack: AckCallback<RegisterAck>) => void;
  /**
   * Every `heartbeatIntervalMs`; an agent silent for longer than the coordinator's grace is
   * offline. An ack is optional: when one is passed, it is answered once the heartbeat is
   * recorded (the large-run test's probe agent times that round trip).
   */
  'agent:heartbeat': (heartbeat: AgentHeartbeat, ack?: AckCallback<Ack>) => void;
  /** One line of a task's output, as it comes. */
  'agent:log': (log: AgentLog) => void;
  /** Acknowledged, so the agent keeps a batch until the coordinator has it. */
  'agent:metrics': (batch: MetricBatch, ack: AckCallback<Ack>) => void;
  'agent:traces': (batch: TraceBatch, ack: AckCallback<Ack>) => void;
  'task:progress': (progress: TaskProgress) => void;
  /**
   * The outcome of a task this agent was given. The agent keeps it and sends it again until
   * acknowledged; the coordinator records each attempt once (conditional update), so
   * resending is safe. Refused for good (UNAUTHORIZED, INVALID_MESSAGE) when it names another
   * agent or a task never given to this one.
   */
  'task:result': (result: NodeResult, ack: AckCallback<Ack>) => void;
}

export interface AgentsServerToClientEvents {
  /**
   * A task to run, delivered from the agent's queue. `{ ok: true }` accepts it: the agent
   * runs it (once, also when it is delivered again) and the coordinator marks it running.
   * `{ ok: false }` (no free slot, shutting down) leaves it in the queue for later.
   */
  'task:assign': (task: NodeTask, ack: AckCallback<Ack>) => void;
  /** Stop this attempt now and kill its process tree. */
  'task:cancel': (cancel: TaskCancel) => void;
  /** Why the coordinator refused the agent or one of its messages; sent before disconnecting it. */
  'agent:error': (error: AgentError) => void;
}

// ── /live ───────────────────────────────────────────────────────────────────────────────

export const RunSubscriptionSchema = z.strictObject({ runId: RunIdSchema });
export type RunSubscription = z.infer<typeof RunSubscriptionSchema>;

/** The run list: every run's `run:updated`, optionally only one workflow's runs. */
export const RunsSubscriptionSchema = z.strictObject({ workflowId: z.string().min(1).optional() });
export type RunsSubscription = z.infer<typeof RunsSubscriptionSchema>;

/** Agent list: every `agent:updated`. */
export const AgentsSubscriptionSchema = z.strictObject({});
export type AgentsSubscription = z.infer<typeof AgentsSubscriptionSchema>;

export interface LiveClientToServerEvents {
  /** Join a run's room: the server answers with `run:snapshot`, then node and log updates. */
  'run:subscribe': (subscription: RunSubscription, ack: AckCallback<Ack>) => void;
  'run:unsubscribe': (subscription: RunSubscription, ack: AckCallback<Ack>) => void;
  'runs:subscribe': (subscription: RunsSubscription, ack: AckCallback<Ack>) => void;
  'runs:unsubscribe': (subscription: RunsSubscription, ack: AckCallback<Ack>) => void;
  'agents:subscribe': (subscription: AgentsSubscription, ack: AckCallback<Ack>) => void;
  'agents:unsubscribe': (subscription: AgentsSubscription, ack: AckCallback<Ack>) => void;
}

export interface LiveServerToClientEvents {
  /** The whole run, once after `run:subscribe` (and after a reconnect). */
  'run:snapshot': (run: RunRecord) => void;
  /** A run's status changed (run room and run-list room). */
  'run:updated': (summary: RunSummary) => void;
  /** A node run changed (run room). */
  'node:updated': (node: NodeRunRecord) => void;
  'run:log': (log: RunLogRecord) => void;
  'agent:updated': (agent: AgentRecord) => void;
  /** A Python agent's metric samples as they are stored (agents room). */
  'agent:metrics': (update: AgentMetricsUpdate) => void;
}

// ── inbound payload schemas ─────────────────────────────────────────────────────────────

/** The payload (first argument) of an event in an event map. */
export type EventPayload<Events, Name extends keyof Events> = Events[Name] extends (payload: infer Payload, ...rest: never[]) => void
  ? Payload
  : never;

/** For each event a server receives, the schema its payload must pass. */
export type InboundSchemas<Events> = { readonly [Name in keyof Events]: z.ZodType<EventPayload<Events, Name>> };

export const AGENTS_INBOUND_SCHEMAS: InboundSchemas<AgentsClientToServerEvents> = {
  'agent:register': AgentRegistrationSchema,
  'agent:heartbeat': AgentHeartbeatSchema,
  'agent:log': AgentLogSchema,
  'agent:metrics': MetricBatchSchema,
  'agent:traces': TraceBatchSchema,
  'task:progress': TaskProgressSchema,
  'task:result': NodeResultSchema,
};

export const LIVE_INBOUND_SCHEMAS: InboundSchemas<LiveClientToServerEvents> = {
  'run:subscribe': RunSubscriptionSchema,
  'run:unsubscribe': RunSubscriptionSchema,
  'runs:subscribe': RunsSubscriptionSchema,
  'runs:unsubscribe': RunsSubscriptionSchema,
  'agents:subscribe': AgentsSubscriptionSchema,
  'agents:unsubscribe': AgentsSubscriptionSchema,
};
