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
import { NodeResultSchema, NodeTaskSchema, TaskCancelSchema, TaskRefSchema } from './task.schema';
import { AckSchema } from './ack.schema';
import {
  AgentAuthSchema,
  AgentErrorSchema,
  ConnectRefusalDataSchema,
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
import { LocalPolicySchema } from './local-policy.schema';
import { TaskProgressUpdateSchema } from './agent-session.schema';
import { BatchItemRecordSchema, BatchRecordSchema, CreateBatchRequestSchema } from './batch.schema';
import { CreateHookRequestSchema, HookRecordSchema } from './hook.schema';
import { CreateNotificationRuleRequestSchema, NotificationPayloadSchema } from './notification.schema';
import { RunQueueSchema } from './run-queue.schema';
import { CreateScheduleRequestSchema, ScheduleFireRecordSchema, ScheduleRecordSchema } from './schedule.schema';

/**
 * Schemas published as JSON Schema files (libs/protocol/json-schema/<key>.json): every
 * message between processes and the host's local policy file, so the Python agent and other clients validate against the
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
  // schedules, batches, hooks, notifications, the queue (REST)
  'create-schedule-request': CreateScheduleRequestSchema,
  'schedule-record': ScheduleRecordSchema,
  'schedule-fire-record': ScheduleFireRecordSchema,
  'create-batch-request': CreateBatchRequestSchema,
  'batch-record': BatchRecordSchema,
  'batch-item-record': BatchItemRecordSchema,
  'create-hook-request': CreateHookRequestSchema,
  'hook-record': HookRecordSchema,
  'create-notification-rule-request': CreateNotificationRuleRequestSchema,
  // what a notification webhook receives, for its receivers to validate
  'notification-payload': NotificationPayloadSchema,
  'run-queue': RunQueueSchema,
  // tasks (/agents)
  'node-task': NodeTaskSchema,
  'node-result': NodeResultSchema,
  'task-cancel': TaskCancelSchema,
  'task-ref': TaskRefSchema,
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
  'connect-refusal': ConnectRefusalDataSchema,
  'agent-record': AgentRecordSchema,
  ack: AckSchema,
  // dashboards (/live)
  'run-subscription': RunSubscriptionSchema,
  'runs-subscription': RunsSubscriptionSchema,
  'agents-subscription': AgentsSubscriptionSchema,
  'task-progress-update': TaskProgressUpdateSchema,
  // hosts (the local policy file every agent on a host reads)
  'local-policy': LocalPolicySchema,
};
