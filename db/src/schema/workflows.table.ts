import { sql } from 'drizzle-orm';
import { foreignKey, integer, json, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { timestamptz } from './timestamps';

/**
 * A workflow and its version history. A version is immutable once written: editing a
 * workflow adds version `latest_version + 1`; restoring an old one copies it forward.
 */
export const workflows = pgTable(
  'workflows',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    latestVersion: integer('latest_version').notNull(),
    /** Archived workflows keep their versions and runs but leave the list and free their name. */
    archivedAt: timestamptz('archived_at'),
  },
  (table) => [
    // Names identify workflows for people and scripts (`runtime-hub run --workflow`): one live workflow per name.
    uniqueIndex('workflows_name_live_key').on(table.name).where(sql`${table.archivedAt} is null`),
  ],
);

export const workflowVersions = pgTable(
  'workflow_versions',
  {
    workflowId: text('workflow_id').notNull(),
    version: integer('version').notNull(),
    // `json`, not `jsonb`: the text is kept as saved, so keys stay in the order their author typed them.
    definition: json('definition').$type<WorkflowDefinition>().notNull(),
    /** What changed, as the author put it (a commit message). */
    message: text('message'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    createdBy: text('created_by'),
  },
  (table) => [
    primaryKey({ columns: [table.workflowId, table.version] }),
    foreignKey({ columns: [table.workflowId], foreignColumns: [workflows.id] }).onDelete('cascade'),
  ],
);
