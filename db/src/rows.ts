import type { agents } from './schema/agents.table';
import type { nodeRuns, nodeTasks, runLogs, runs } from './schema/runs.table';
import type { apiTokens, enrollTokens } from './schema/tokens.table';
import type { agentMetrics, agentTraces } from './schema/telemetry.table';
import type { workflowVersions, workflows } from './schema/workflows.table';

/** Row types: `XxxRow` as selected, `NewXxxRow` as inserted (defaults optional). */
export type WorkflowRow = typeof workflows.$inferSelect;
export type NewWorkflowRow = typeof workflows.$inferInsert;
export type WorkflowVersionRow = typeof workflowVersions.$inferSelect;
export type NewWorkflowVersionRow = typeof workflowVersions.$inferInsert;
export type RunRow = typeof runs.$inferSelect;
export type NewRunRow = typeof runs.$inferInsert;
export type NodeRunRow = typeof nodeRuns.$inferSelect;
export type NewNodeRunRow = typeof nodeRuns.$inferInsert;
export type NodeTaskRow = typeof nodeTasks.$inferSelect;
export type NewNodeTaskRow = typeof nodeTasks.$inferInsert;
export type RunLogRow = typeof runLogs.$inferSelect;
export type NewRunLogRow = typeof runLogs.$inferInsert;
export type AgentRow = typeof agents.$inferSelect;
export type NewAgentRow = typeof agents.$inferInsert;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type NewApiTokenRow = typeof apiTokens.$inferInsert;
export type EnrollTokenRow = typeof enrollTokens.$inferSelect;
export type NewEnrollTokenRow = typeof enrollTokens.$inferInsert;
export type AgentMetricRow = typeof agentMetrics.$inferSelect;
export type NewAgentMetricRow = typeof agentMetrics.$inferInsert;
export type AgentTraceRow = typeof agentTraces.$inferSelect;
export type NewAgentTraceRow = typeof agentTraces.$inferInsert;
