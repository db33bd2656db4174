import { z } from 'zod';
import { AgentIdSchema, AttemptSchema, RunIdSchema } from './common.schema';
import { AckErrorSchema, AckOkSchema, type AckCallback } from './ack.schema';
import { TaskProgressSchema } from './agent.schema';
import { NodeIdSchema } from './workflow.schema';
import {
  AGENTS_INBOUND_SCHEMAS,
  type AgentsClientToServerEvents,
  type InboundSchemas,
  type LiveServerToClientEvents,
} from './events';

/**
 * The parts of an agent's session with the coordinator that complete the `/agents` and
 * `/live` event maps: the claim a worker makes before executing a task (the fencing that
 * keeps a partitioned or late agent from running a superseded attempt), and task progress as
 * dashboards receive it.
 */

/**
 * `task:claim`: sent by a worker agent before it executes a task it pulled from its queue.
 * The agent is the one that holds the connection; a claim never names another agent.
 */
export const TaskClaimSchema = z.strictObject({
  runId: RunIdSchema,
  nodeId: NodeIdSchema,
  attempt: AttemptSchema,
});
export type TaskClaim = z.infer<typeof TaskClaimSchema>;

/** The task is still current and now `running` on this agent: execute it. */
export const TaskClaimGrantedSchema = AckOkSchema;
export type TaskClaimGranted = z.infer<typeof TaskClaimGrantedSchema>;

/**
 * Do not execute the task; complete its job without a result. `reason` says why for the
 * agent's log (`attempt 1 was superseded by attempt 2`, `run was cancelled`); `error` is
 * present when the claim itself was refused (malformed, not registered).
 */
export const TaskClaimRefusedSchema = z.strictObject({
  ok: z.literal(false),
  reason: z.string().min(1),
  error: AckErrorSchema.optional(),
});
export type TaskClaimRefused = z.infer<typeof TaskClaimRefusedSchema>;

export const TaskClaimAckSchema = z.discriminatedUnion('ok', [TaskClaimGrantedSchema, TaskClaimRefusedSchema]);
export type TaskClaimAck = z.infer<typeof TaskClaimAckSchema>;

/** `task:progress` as dashboards receive it (room of the run): with the agent reporting it. */
export const TaskProgressUpdateSchema = TaskProgressSchema.extend({ agentId: AgentIdSchema });
export type TaskProgressUpdate = z.infer<typeof TaskProgressUpdateSchema>;

/** Everything an agent may send on `/agents`: the base event map plus `task:claim`. */
export interface AgentSessionClientToServerEvents extends AgentsClientToServerEvents {
  'task:claim': (claim: TaskClaim, ack: AckCallback<TaskClaimAck>) => void;
}

export const AGENT_SESSION_INBOUND_SCHEMAS: InboundSchemas<AgentSessionClientToServerEvents> = {
  ...AGENTS_INBOUND_SCHEMAS,
  'task:claim': TaskClaimSchema,
};

/** Everything a dashboard may receive on `/live`: the base event map plus task progress. */
export interface LiveSessionServerToClientEvents extends LiveServerToClientEvents {
  'task:progress': (progress: TaskProgressUpdate) => void;
}
