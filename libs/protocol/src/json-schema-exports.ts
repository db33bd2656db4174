import type { z } from 'zod';
import { WorkflowDefinitionSchema } from './workflow.schema';
import { RunErrorSchema } from './run-error.schema';
import {
  NodeRunRecordSchema,
  RunListQuerySchema,
  RunRecordSchema,
  RunSummaryPageSchema,
  RunSummarySchema,
  StartRunQuerySchema,
  StartRunRequestSchema,
} from './run.schema';
import { NodeResultSchema, NodeTaskSchema, TaskCancelSchema } from './task.schema';
import { AckSchema } from './ack.schema';
import {
  AgentAuthSchema,
  AgentErrorSchema,
  AgentHeartbeatSchema,
  AgentLogSchema,
  AgentRecordSchema,
  AgentRegistrationSchema,
  MetricBatchSchema,
  RegisterAckSchema,
  RunLogRecordSchema,
  TaskProgressSchema,
  TraceBatchSchema,
} from './agent.schema';
import { AgentsSubscriptionSchema, RunSubscriptionSchema, RunsSubscriptionSchema } from './events';
import { TaskClaimAckSchema, TaskClaimSchema, TaskProgressUpdateSchema } from './agent-session.schema';

/**
 * Schemas published as JSON Schema files (libs/protocol/json-schema/<key>.json): every
 * message between processes, so the Python agent and other clients validate against the
 * same contract as the TypeScript code.
 */
export const JSON_SCHEMA_EXPORTS: Record<string, z.ZodType> = {
  'workflow-definition': WorkflowDefinitionSchema,
  // runs (REST and /live)
  'run-error': RunErrorSchema,
  'run-record': RunRecordSchema,
  'run-summary': RunSummarySchema,
  'run-summary-page': RunSummaryPageSchema,
  'node-run-record': NodeRunRecordSchema,
  'start-run-request': StartRunRequestSchema,
  'start-run-query': StartRunQuerySchema,
  'run-list-query': RunListQuerySchema,
  'run-log-record': RunLogRecordSchema,
  // tasks (BullMQ jobs and /agents)
  'node-task': NodeTaskSchema,
  'node-result': NodeResultSchema,
  'task-cancel': TaskCancelSchema,
  'task-progress': TaskProgressSchema,
  // agents (/agents)
  'agent-auth': AgentAuthSchema,
  'agent-registration': AgentRegistrationSchema,
  'register-ack': RegisterAckSchema,
  'agent-heartbeat': AgentHeartbeatSchema,
  'agent-log': AgentLogSchema,
  'metric-batch': MetricBatchSchema,
  'trace-batch': TraceBatchSchema,
  'agent-error': AgentErrorSchema,
  'agent-record': AgentRecordSchema,
  'task-claim': TaskClaimSchema,
  'task-claim-ack': TaskClaimAckSchema,
  ack: AckSchema,
  // dashboards (/live)
  'run-subscription': RunSubscriptionSchema,
  'runs-subscription': RunsSubscriptionSchema,
  'agents-subscription': AgentsSubscriptionSchema,
  'task-progress-update': TaskProgressUpdateSchema,
};
