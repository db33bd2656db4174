import { bigserial, doublePrecision, foreignKey, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { agents } from './agents.table';
import { timestamptz } from './timestamps';

/**
 * Metric samples and trace spans that agents send in batches. They belong to the agent
 * (deleted with it) and are pruned by age by the coordinator.
 */
export const agentMetrics = pgTable(
  'agent_metrics',
  {
    agentId: text('agent_id').notNull(),
    name: text('name').notNull(),
    value: doublePrecision('value').notNull(),
    at: timestamptz('at').notNull(),
    labels: jsonb('labels').$type<Record<string, string>>(),
  },
  (table) => [
    foreignKey({ columns: [table.agentId], foreignColumns: [agents.id] }).onDelete('cascade'),
    index('agent_metrics_agent_id_name_at_idx').on(table.agentId, table.name, table.at),
  ],
);

export const agentTraces = pgTable(
  'agent_traces',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    agentId: text('agent_id').notNull(),
    runId: text('run_id'),
    nodeId: text('node_id'),
    name: text('name').notNull(),
    module: text('module').notNull(),
    durationMs: doublePrecision('duration_ms').notNull(),
    depth: integer('depth').notNull(),
    at: timestamptz('at').notNull(),
  },
  (table) => [
    foreignKey({ columns: [table.agentId], foreignColumns: [agents.id] }).onDelete('cascade'),
    index('agent_traces_agent_id_at_idx').on(table.agentId, table.at),
    index('agent_traces_run_id_idx').on(table.runId),
  ],
);
