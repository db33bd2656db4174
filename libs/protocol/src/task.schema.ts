import { z } from 'zod';
import { AgentIdSchema, AttemptSchema, IsoTimestampSchema, JsonObjectSchema, RunIdSchema } from './common.schema';
import { NodeRunStatusSchema } from './run-state.schema';
import { RunErrorSchema } from './run-error.schema';
import { RunPrioritySchema } from './run-priority';
import { NodeIdSchema } from './workflow.schema';

/**
 * A node task: what an agent receives to execute one node once (one attempt, on one agent),
 * and the result it sends back. The coordinator keeps each agent's tasks in that agent's
 * BullMQ queue and delivers them over the agent's own Socket.IO connection (`task:assign`);
 * the agent returns a `NodeResult` on the same connection (`task:result`). Agents hold no
 * queue or database credential.
 */

/**
 * The idempotency key of a node in a run: `${runId}:${nodeId}`, the same for every attempt
 * (the attempt is told apart, as `attempt` and `RH_ATTEMPT`), so a system that received the
 * effect of an attempt which then crashed or timed out recognises the retry as the same
 * operation. A cell of a fan-out (`target.each`) acts on its own host, so its key adds that
 * agent's id: `${runId}:${nodeId}:${agentId}`. Nodes pass it on to the systems they change (the
 * `Idempotency-Key` header of `http.request`, `RH_IDEMPOTENCY_KEY` of scripts).
 */
export function idempotencyKey(runId: string, nodeId: string, fanOutAgentId?: string): string {
  return fanOutAgentId === undefined ? `${runId}:${nodeId}` : `${runId}:${nodeId}:${fanOutAgentId}`;
}

/**
 * Separator of the parts of a BullMQ job id. BullMQ refuses custom job ids that contain `:`
 * (unless they have exactly three parts, a form it keeps for its own repeatable jobs: see
 * `Job.validateOptions` in bullmq, "Custom Id cannot contain :"), so the design's
 * `runId:nodeId:agentId:attempt` is written with `.` instead. No part can hold a `.`: run and
 * agent ids are `[A-Za-z0-9_-]+`, node ids `[A-Za-z_][A-Za-z0-9_]*`, the attempt an integer.
 */
export const TASK_JOB_ID_SEPARATOR = '.';

/**
 * The BullMQ job id of one task: `runId.nodeId.agentId.attempt`. Dispatching the same task
 * twice adds the same job id, which BullMQ ignores, so a repeated dispatch is a no-op.
 */
export function taskJobId(runId: string, nodeId: string, agentId: string, attempt: number): string {
  return [runId, nodeId, agentId, String(attempt)].join(TASK_JOB_ID_SEPARATOR);
}

export interface TaskJobIdParts {
  runId: string;
  nodeId: string;
  agentId: string;
  attempt: number;
}

/** The inverse of `taskJobId`; null when `jobId` is not one (another kind of job). */
export function parseTaskJobId(jobId: string): TaskJobIdParts | null {
  const parts = jobId.split(TASK_JOB_ID_SEPARATOR);
  if (parts.length !== 4) return null;
  const [runId = '', nodeId = '', agentId = '', attemptText = ''] = parts;
  const attempt = Number(attemptText);
  if (!runId || !nodeId || !agentId || !Number.isInteger(attempt) || attempt < 1) return null;
  return { runId, nodeId, agentId, attempt };
}

/**
 * What a task knows of one upstream node: the same shape as `nodes.<id>` in the expression
 * scope (`{ inputs, nodes, run }`), so an agent evaluates `nodes.list.output.count` and a
 * Python node reads `nodes["list"]["output"]` without reshaping anything.
 */
export const UpstreamNodeSchema = z.strictObject({
  status: NodeRunStatusSchema,
  port: z.string().optional(),
  output: z.unknown().optional(),
});
export type UpstreamNode = z.infer<typeof UpstreamNodeSchema>;

/**
 * A node bundled with the task before it (docs/ARCHITECTURE.md "Bundles"): its agent runs it
 * right after the previous step succeeded, without a round trip to the coordinator. Its
 * config is final (no template) and none of its fields holds an expression, so all it needs
 * of the step before is that step's state: the agent puts it in `upstream` under that
 * step's node id (`previous` in the order of `bundle`, the task itself for the first step).
 */
export const BundledStepSchema = z.strictObject({
  nodeId: NodeIdSchema,
  nodeType: z.string().min(1),
  attempt: AttemptSchema,
  /** `idempotencyKey(runId, nodeId)` of the task's run. */
  idempotencyKey: z.string().min(1),
  config: JsonObjectSchema,
  /** The agent kills this step's process tree after this long. */
  timeoutMs: z.number().int().min(1),
  /** Its upstream nodes as the coordinator knew them at dispatch (the step before it is filled in by the agent). */
  upstream: z.record(NodeIdSchema, UpstreamNodeSchema),
});
export type BundledStep = z.infer<typeof BundledStepSchema>;

/** The capability a worker lists when it runs bundles: only such an agent is sent a task with `bundle`. */
export const TASK_BUNDLES_CAPABILITY = 'task-bundles';

export const NodeTaskSchema = z
  .strictObject({
    runId: RunIdSchema,
    nodeId: NodeIdSchema,
    nodeType: z.string().min(1),
    agentId: AgentIdSchema,
    attempt: AttemptSchema,
    /** `idempotencyKey(runId, nodeId)`, or with the agent id for a fan-out cell; checked on parse. */
    idempotencyKey: z.string().min(1),
    /** The node's config with templates already resolved by the coordinator. */
    config: JsonObjectSchema,
    /** The agent kills the node's process tree after this long. */
    timeoutMs: z.number().int().min(1),
    /** The run's inputs. */
    inputs: JsonObjectSchema,
    /** Every upstream node's state and output, keyed by node id. */
    upstream: z.record(NodeIdSchema, UpstreamNodeSchema),
    /** A task still queued after this instant is not started (the run moved on without it). */
    deadlineAt: IsoTimestampSchema.optional(),
    /** The run's priority: tasks of higher-priority runs leave an agent's queue first. */
    priority: RunPrioritySchema.optional(),
    /**
     * Coordinator side only, never sent to an agent: the secrets the config's placeholders name
     * and the nonce that marks them (apps/coordinator/src/secrets/secret-placeholders.ts). The values are put in on delivery.
     */
    secretRefs: z.strictObject({ nonce: z.string().regex(/^[0-9a-f]{16,64}$/), names: z.array(z.string().min(1)).min(1) }).optional(),
    /**
     * Set on delivery: the secret values this task carries. The agent replaces each with `***`
     * in the log lines, progress, output and error it sends back.
     */
    masks: z.array(z.string().min(1)).optional(),
    /**
     * Nodes of the same run this agent runs after this one, in order, each only when the one
     * before it succeeded (BundledStepSchema). Their results come back with this task's
     * (`bundle` of its result); a step that fails ends the bundle.
     */
    bundle: z.array(BundledStepSchema).min(1).optional(),
  })
  .superRefine((task, ctx) => {
    const single = idempotencyKey(task.runId, task.nodeId);
    const fanOut = idempotencyKey(task.runId, task.nodeId, task.agentId);
    if (task.idempotencyKey !== single && task.idempotencyKey !== fanOut) {
      ctx.addIssue({
        code: 'custom',
        path: ['idempotencyKey'],
        message: `expected "${single}" (runId:nodeId) or, for a fan-out cell, "${fanOut}" (runId:nodeId:agentId)`,
      });
    }
    task.bundle?.forEach((step, index) => {
      const expected = idempotencyKey(task.runId, step.nodeId);
      if (step.idempotencyKey !== expected) ctx.addIssue({ code: 'custom', path: ['bundle', index, 'idempotencyKey'], message: `expected "${expected}" (runId:nodeId)` });
    });
  });
export type NodeTask = z.infer<typeof NodeTaskSchema>;

const resultFields = {
  runId: RunIdSchema,
  nodeId: NodeIdSchema,
  agentId: AgentIdSchema,
  attempt: AttemptSchema,
  startedAt: IsoTimestampSchema,
  finishedAt: IsoTimestampSchema,
};

const succeededFields = {
  status: z.literal('succeeded'),
  ...resultFields,
  /** The output port the node fired (`true` / `false` for a condition); default `out`. */
  port: z.string().min(1).optional(),
  /** The node's output as JSON; `null` when the node has nothing to say. */
  output: z.unknown(),
};

export const NodeFailedResultSchema = z.strictObject({
  status: z.literal('failed'),
  ...resultFields,
  error: RunErrorSchema,
});
export type NodeFailedResult = z.infer<typeof NodeFailedResultSchema>;

/** The result of one step of a bundle: a node result of its own (it carries no bundle). */
export const BundledResultSchema = z.discriminatedUnion('status', [z.strictObject(succeededFields), NodeFailedResultSchema]);
export type BundledResult = z.infer<typeof BundledResultSchema>;

export const NodeSucceededResultSchema = z.strictObject({
  ...succeededFields,
  /**
   * The results of the task's bundle, in the order of its steps, up to the first that failed
   * (the steps after it did not run). Only a task that succeeded has any.
   */
  bundle: z.array(BundledResultSchema).min(1).optional(),
});
export type NodeSucceededResult = z.infer<typeof NodeSucceededResultSchema>;

/**
 * The outcome of one task, sent by the agent as `task:result` and recorded by the
 * coordinator only if the task is still open at this `attempt` on this agent.
 */
export const NodeResultSchema = z.discriminatedUnion('status', [NodeSucceededResultSchema, NodeFailedResultSchema]);
export type NodeResult = z.infer<typeof NodeResultSchema>;

/** One attempt of one node on the agent that speaks of it (the agent is its connection's). */
export const TaskRefSchema = z.strictObject({
  runId: RunIdSchema,
  nodeId: NodeIdSchema,
  attempt: AttemptSchema,
});
export type TaskRef = z.infer<typeof TaskRefSchema>;

/** `task:cancel`: stop this attempt of this node now (kill its process tree). */
export const TaskCancelSchema = TaskRefSchema;
export type TaskCancel = TaskRef;
