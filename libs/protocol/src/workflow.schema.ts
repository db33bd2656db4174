import { z } from 'zod';
import { RunErrorCodeSchema } from './run-error-code.schema';

/**
 * The workflow definition, schemaVersion 1 (docs/ARCHITECTURE.md, "Workflow definition").
 * A workflow is a DAG of typed nodes joined by edges; templates `{{ ... }}` and expressions
 * in node config are JSONata over `{ inputs, nodes, run }`.
 */

/** Node ids are referenced from JSONata (`nodes.<id>.output`), so they must be JSONata names. */
export const NODE_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const NodeIdSchema = z
  .string()
  .regex(NODE_ID_PATTERN, 'a node id starts with a letter or _ and holds only letters, digits and _')
  .max(64);

export const InputTypeSchema = z.enum(['string', 'number', 'boolean', 'object', 'array']);
export type InputType = z.infer<typeof InputTypeSchema>;

export const WorkflowInputSchema = z.strictObject({
  type: InputTypeSchema,
  default: z.unknown().optional(),
  required: z.boolean().optional(),
  description: z.string().optional(),
});
export type WorkflowInput = z.infer<typeof WorkflowInputSchema>;

export const BackoffSchema = z.enum(['fixed', 'exponential']);

export const RetryPolicySchema = z.strictObject({
  /** Attempts in all, the first one included: 1 means never retried. */
  maxAttempts: z.number().int().min(1).max(100),
  backoff: BackoffSchema.default('exponential'),
  /** Delay before the second attempt; exponential doubles it for each attempt after. */
  delayMs: z.number().int().min(0).max(86_400_000).default(1000),
  /** Upper bound on one delay, so exponential backoff stays sane. */
  maxDelayMs: z.number().int().min(0).max(86_400_000).optional(),
  /**
   * Retry only failures with these codes (default: every failure a new attempt could fix;
   * NEVER_RETRIED codes are not retried even when listed).
   */
  on: z.array(RunErrorCodeSchema).min(1).optional(),
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

export const LabelSchema = z.string().min(1).max(64);

/** One specific agent, by its id or its name. */
export const AgentTargetSchema = z.strictObject({ agent: z.string().min(1) });

/**
 * Agents carrying every label. Without `each`: the least-loaded online match.
 * With `each: true`: fan-out, one task per matching online agent.
 */
export const LabelsTargetSchema = z.strictObject({
  labels: z.array(LabelSchema),
  each: z.boolean().optional(),
  /** Fan-out only: how many hosts must succeed for the node to succeed (default: all). */
  minSuccess: z.number().int().min(1).optional(),
});

export const TargetSchema = z.union([AgentTargetSchema, LabelsTargetSchema]);
export type Target = z.infer<typeof TargetSchema>;
export type AgentTarget = z.infer<typeof AgentTargetSchema>;
export type LabelsTarget = z.infer<typeof LabelsTargetSchema>;

export const JoinSchema = z.enum(['all', 'any']);
export type Join = z.infer<typeof JoinSchema>;

export const WorkflowDefaultsSchema = z.strictObject({
  timeoutMs: z.number().int().min(1).optional(),
  retry: RetryPolicySchema.optional(),
  target: TargetSchema.optional(),
});
export type WorkflowDefaults = z.infer<typeof WorkflowDefaultsSchema>;

export const PositionSchema = z.strictObject({ x: z.number(), y: z.number() });

export const WorkflowNodeSchema = z.strictObject({
  id: NodeIdSchema,
  type: z.string().min(1),
  /** Display name in the editor; the id stays the stable reference. */
  name: z.string().max(200).optional(),
  description: z.string().max(2000).optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  timeoutMs: z.number().int().min(1).optional(),
  retry: RetryPolicySchema.optional(),
  target: TargetSchema.optional(),
  /** `all` (default): wait for every incoming edge to settle; `any`: one taken edge is enough. */
  join: JoinSchema.optional(),
  /** Editor layout only; never affects a run. */
  position: PositionSchema.optional(),
});
export type WorkflowNode = z.infer<typeof WorkflowNodeSchema>;

/**
 * `port` names the output port of `from` the edge leaves from. Without it the edge is taken
 * whenever `from` succeeds, whichever port it chose; `port: "error"` is taken only when
 * `from` fails, which makes the failure handled. `toPort` names the input port of `to`
 * (default `in`).
 */
export const WorkflowEdgeSchema = z.strictObject({
  from: z.string().min(1),
  port: z.string().min(1).optional(),
  to: z.string().min(1),
  toPort: z.string().min(1).optional(),
});
export type WorkflowEdge = z.infer<typeof WorkflowEdgeSchema>;

export const SCHEMA_VERSION = 1;

export const WorkflowDefinitionSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  name: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  inputs: z.record(z.string().regex(NODE_ID_PATTERN, 'an input name holds only letters, digits and _'), WorkflowInputSchema).default({}),
  defaults: WorkflowDefaultsSchema.default({}),
  nodes: z.array(WorkflowNodeSchema).min(1, 'a workflow needs at least one node'),
  edges: z.array(WorkflowEdgeSchema).default([]),
});
export type WorkflowDefinition = z.infer<typeof WorkflowDefinitionSchema>;
/** What an author writes: defaults may be left out. */
export type WorkflowDefinitionInput = z.input<typeof WorkflowDefinitionSchema>;

/** Default output port: the one a node that does not branch fires on success. */
export const DEFAULT_OUTPUT_PORT = 'out';
/** Fired only when the node fails; an edge on it makes the failure handled. */
export const ERROR_PORT = 'error';
/** Default input port. */
export const DEFAULT_INPUT_PORT = 'in';
