import { relations } from 'drizzle-orm';
import { workflows, workflowVersions } from './workflows.table';
import { nodeRuns, nodeTasks, runLogs, runs } from './runs.table';
import { agentMetrics, agentTraces } from './telemetry.table';
import { agents } from './agents.table';

/**
 * Relations for Drizzle's relational queries (`db.query.runs.findFirst({ with: { nodes: {
 * with: { tasks: true } } } })`): one round trip for a run with its nodes and tasks. They
 * describe the foreign keys of the tables; they add nothing to the database.
 */
export const workflowsRelations = relations(workflows, ({ many }) => ({
  versions: many(workflowVersions),
}));

export const workflowVersionsRelations = relations(workflowVersions, ({ one }) => ({
  workflow: one(workflows, { fields: [workflowVersions.workflowId], references: [workflows.id] }),
}));

export const runsRelations = relations(runs, ({ many }) => ({
  nodes: many(nodeRuns),
  logs: many(runLogs),
}));

export const nodeRunsRelations = relations(nodeRuns, ({ one, many }) => ({
  run: one(runs, { fields: [nodeRuns.runId], references: [runs.id] }),
  tasks: many(nodeTasks),
}));

export const nodeTasksRelations = relations(nodeTasks, ({ one }) => ({
  nodeRun: one(nodeRuns, { fields: [nodeTasks.runId, nodeTasks.nodeId], references: [nodeRuns.runId, nodeRuns.nodeId] }),
}));

export const runLogsRelations = relations(runLogs, ({ one }) => ({
  run: one(runs, { fields: [runLogs.runId], references: [runs.id] }),
}));

export const agentsRelations = relations(agents, ({ many }) => ({
  metrics: many(agentMetrics),
  traces: many(agentTraces),
}));

export const agentMetricsRelations = relations(agentMetrics, ({ one }) => ({
  agent: one(agents, { fields: [agentMetrics.agentId], references: [agents.id] }),
}));

export const agentTracesRelations = relations(agentTraces, ({ one }) => ({
  agent: one(agents, { fields: [agentTraces.agentId], references: [agents.id] }),
}));
