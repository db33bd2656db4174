import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { runs, workflowVersions, workflows, type Transaction, type WorkflowRow } from '@runtime-hub/db';
import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { ApiError } from '../openapi/api-error';
import { DatabaseService } from '../persistence/database.service';
import { isDeepEqual } from './diff-definitions';
import { isUniqueViolation } from './unique-violation';
import { WorkflowNameTakenError } from './workflow-name-taken.error';
import type { SaveResult, WorkflowSummary, WorkflowVersionRecord, WorkflowVersionSummary } from './workflow.views';

/** The partial unique index that keeps one live workflow per name (db/src/schema/workflows.table.ts). */
export const WORKFLOW_NAME_INDEX = 'workflows_name_live_key';

/**
 * A save by name can lose one race: two callers both find no workflow of that name and both
 * insert; the loser's insert hits the unique name index. Its second attempt finds the
 * winner's row and adds a version to it. No third attempt can race the same way.
 */
export const UPSERT_BY_NAME_ATTEMPTS = 2;

export interface NewVersion {
  readonly definition: WorkflowDefinition;
  readonly message: string | null;
  readonly createdBy: string | null;
}

/**
 * Workflows and their versions in Postgres. Versions are immutable; a new one is numbered
 * under a row lock on its workflow (`SELECT ... FOR UPDATE`), so concurrent saves of one
 * workflow get consecutive numbers and never the same one.
 */
@Injectable()
export class WorkflowsStore {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /** A new workflow at version 1. Throws WorkflowNameTakenError if the name is live. */
  async create(version: NewVersion): Promise<SaveResult> {
    try {
      return await this.database.db.transaction((tx) => insertWorkflow(tx, version));
    } catch (error) {
      if (isUniqueViolation(error, WORKFLOW_NAME_INDEX)) {
        const existing = await this.findLiveByName(version.definition.name);
        throw new WorkflowNameTakenError(version.definition.name, existing?.id, { cause: error });
      }
      throw error;
    }
  }

  /**
   * Adds `version` as the newest version of workflow `id`, unless it equals the latest one
   * (then nothing is written and `created` is false). 404 for an unknown id.
   */
  async addVersion(id: string, version: NewVersion): Promise<SaveResult> {
    try {
      return await this.database.db.transaction(async (tx) => {
        const [row] = await tx.select().from(workflows).where(eq(workflows.id, id)).for('update');
        if (!row) throw notFound(id);
        return addVersionLocked(tx, row, version);
      });
    } catch (error) {
      if (isUniqueViolation(error, WORKFLOW_NAME_INDEX)) {
        const existing = await this.findLiveByName(version.definition.name);
        throw new WorkflowNameTakenError(version.definition.name, existing?.id, { cause: error });
      }
      throw error;
    }
  }

  /** Creates the live workflow named `definition.name`, or adds a version to it. */
  async upsertByName(version: NewVersion): Promise<SaveResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.database.db.transaction(async (tx) => {
          const [row] = await tx
            .select()
            .from(workflows)
            .where(and(eq(workflows.name, version.definition.name), isNull(workflows.archivedAt)))
            .for('update');
          return row ? addVersionLocked(tx, row, version) : insertWorkflow(tx, version);
        });
      } catch (error) {
        if (!isUniqueViolation(error, WORKFLOW_NAME_INDEX) || attempt >= UPSERT_BY_NAME_ATTEMPTS) throw error;
      }
    }
  }

  /** Version `version` of workflow `id`, or its latest when `version` is left out. */
  async getVersion(id: string, version?: number): Promise<WorkflowVersionRecord> {
    const [row] = await this.database.db
      .select({ workflow: workflows, version: workflowVersions })
      .from(workflows)
      .innerJoin(workflowVersions, eq(workflowVersions.workflowId, workflows.id))
      .where(and(eq(workflows.id, id), eq(workflowVersions.version, version ?? workflows.latestVersion)));
    if (row) {
      return {
        workflowId: row.workflow.id,
        name: row.version.definition.name,
        version: row.version.version,
        latestVersion: row.workflow.latestVersion,
        definition: row.version.definition,
        message: row.version.message,
        createdAt: row.version.createdAt.toISOString(),
        createdBy: row.version.createdBy,
      };
    }
    const workflow = await this.findById(id);
    if (!workflow) throw notFound(id);
    throw ApiError.notFound(`workflow "${id}" has no version ${version} (its latest is ${workflow.latestVersion})`);
  }

  /** The history of workflow `id`, newest first, without definitions. */
  async listVersions(id: string): Promise<WorkflowVersionSummary[]> {
    if (!(await this.findById(id))) throw notFound(id);
    const rows = await this.database.db
      .select({
        version: workflowVersions.version,
        name: sql<string>`${workflowVersions.definition} ->> 'name'`,
        message: workflowVersions.message,
        createdAt: workflowVersions.createdAt,
        createdBy: workflowVersions.createdBy,
      })
      .from(workflowVersions)
      .where(eq(workflowVersions.workflowId, id))
      .orderBy(desc(workflowVersions.version));
    return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
  }

  /**
   * Live workflows by name, each with its newest top-level run (a lateral join on the
   * runs index by workflow and creation time; child runs of foreach/repeat are left out).
   */
  async list(): Promise<WorkflowSummary[]> {
    const db = this.database.db;
    const lastRun = db
      .select({ id: runs.id, status: runs.status, version: runs.workflowVersion, createdAt: runs.createdAt, finishedAt: runs.finishedAt })
      .from(runs)
      .where(and(eq(runs.workflowId, workflows.id), isNull(runs.parentRunId)))
      .orderBy(desc(runs.createdAt), desc(runs.id))
      .limit(1)
      .as('last_run');
    const rows = await db
      .select({
        workflow: workflows,
        runId: lastRun.id,
        runStatus: lastRun.status,
        runVersion: lastRun.version,
        runCreatedAt: lastRun.createdAt,
        runFinishedAt: lastRun.finishedAt,
      })
      .from(workflows)
      .leftJoinLateral(lastRun, sql`true`)
      .where(isNull(workflows.archivedAt))
      .orderBy(asc(workflows.name));
    return rows.map(({ workflow, ...run }) => ({
      id: workflow.id,
      name: workflow.name,
      latestVersion: workflow.latestVersion,
      createdAt: workflow.createdAt.toISOString(),
      updatedAt: workflow.updatedAt.toISOString(),
      lastRun:
        run.runId !== null && run.runStatus !== null && run.runVersion !== null && run.runCreatedAt !== null
          ? {
              id: run.runId,
              status: run.runStatus,
              version: run.runVersion,
              createdAt: run.runCreatedAt.toISOString(),
              finishedAt: run.runFinishedAt?.toISOString() ?? null,
            }
          : null,
    }));
  }

  private async findById(id: string): Promise<WorkflowRow | undefined> {
    const [row] = await this.database.db.select().from(workflows).where(eq(workflows.id, id));
    return row;
  }

  private async findLiveByName(name: string): Promise<WorkflowRow | undefined> {
    const [row] = await this.database.db
      .select()
      .from(workflows)
      .where(and(eq(workflows.name, name), isNull(workflows.archivedAt)));
    return row;
  }
}

async function insertWorkflow(tx: Transaction, version: NewVersion): Promise<SaveResult> {
  const id = randomUUID();
  const name = version.definition.name;
  await tx.insert(workflows).values({ id, name, latestVersion: 1 });
  await tx.insert(workflowVersions).values({ workflowId: id, version: 1, ...version });
  return { id, name, version: 1, created: true };
}

/** Adds the next version to a workflow whose row this transaction holds locked. */
async function addVersionLocked(tx: Transaction, row: WorkflowRow, version: NewVersion): Promise<SaveResult> {
  const [latest] = await tx
    .select({ definition: workflowVersions.definition })
    .from(workflowVersions)
    .where(and(eq(workflowVersions.workflowId, row.id), eq(workflowVersions.version, row.latestVersion)));
  if (latest && isDeepEqual(latest.definition, version.definition)) {
    return { id: row.id, name: row.name, version: row.latestVersion, created: false };
  }
  const next = row.latestVersion + 1;
  const name = version.definition.name;
  await tx.insert(workflowVersions).values({ workflowId: row.id, version: next, ...version });
  await tx.update(workflows).set({ latestVersion: next, name, updatedAt: sql`now()` }).where(eq(workflows.id, row.id));
  return { id: row.id, name, version: next, created: true };
}

function notFound(id: string): ApiError {
  return ApiError.notFound(`workflow "${id}" not found`);
}
