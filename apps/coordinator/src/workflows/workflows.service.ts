import { Inject, Injectable } from '@nestjs/common';
import type { InvalidatedCache } from '../cluster/invalidated-cache';
import { ReplicaCaches } from '../cluster/replica-caches';
import { ApiError } from '../openapi/api-error';
import { diffDefinitions, type DefinitionDiff } from './diff-definitions';
import { WorkflowNameTakenError } from './workflow-name-taken.error';
import { WorkflowValidator } from './workflow-validator';
import type { SaveResult, WorkflowSummary, WorkflowVersionRecord, WorkflowVersionSummary } from './workflow.views';
import { WorkflowsStore, type NewVersion } from './workflows.store';

export interface SaveOptions {
  /** What changed, as the author puts it. */
  readonly message?: string | undefined;
  /** Who saved it (the API token's name). */
  readonly createdBy?: string | undefined;
}

/** What a run needs of a stored version: which one it is, and its definition. */
export type RunnableVersion = Pick<WorkflowVersionRecord, 'workflowId' | 'version' | 'definition'>;

export interface VersionDiff extends DefinitionDiff {
  readonly workflowId: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Workflows with full version history. Every save validates the definition first (nothing
 * invalid is stored) and writes a new version, except when the definition equals the latest
 * version: then nothing is written and the latest version is returned (`created: false`),
 * so saving twice, or `runtime-hub run FILE` on an unchanged file, does not grow the history.
 *
 * The runs engine injects this service: `runnableVersion` loads what to run and `upsertByName`
 * stores the file given to `runtime-hub run FILE`.
 */
@Injectable()
export class WorkflowsService {
  /**
   * What `runnableVersion` answered, by workflow id (the latest) or `id@version`. Versions never
   * change; which one is the latest does, and every save that writes one empties that entry on
   * every replica (ReplicaCaches).
   */
  private readonly runnable: InvalidatedCache<RunnableVersion>;

  constructor(
    @Inject(WorkflowsStore) private readonly store: WorkflowsStore,
    @Inject(WorkflowValidator) private readonly validator: WorkflowValidator,
    @Inject(ReplicaCaches) private readonly caches: ReplicaCaches,
  ) {
    this.runnable = caches.cache('workflow-versions');
  }

  /** A new workflow; 400 VALIDATION_FAILED when invalid, 409 CONFLICT when the name is taken. */
  async create(definition: unknown, options: SaveOptions = {}): Promise<SaveResult> {
    const version = await this.newVersion(definition, options);
    return this.saved(await conflictOnNameTaken(() => this.store.create(version)));
  }

  /** A new version of workflow `id` (or its latest, unchanged, when identical). */
  async update(id: string, definition: unknown, options: SaveOptions = {}): Promise<SaveResult> {
    const version = await this.newVersion(definition, options);
    return this.saved(await conflictOnNameTaken(() => this.store.addVersion(id, version)));
  }

  /**
   * Copies version `version` forward as the newest version, with message `restored from vN`.
   * It is validated again: the node catalogue may have changed since it was written.
   */
  async restore(id: string, version: number, options: Pick<SaveOptions, 'createdBy'> = {}): Promise<SaveResult> {
    const old = await this.store.getVersion(id, version);
    return this.update(id, old.definition, { ...options, message: `restored from v${version}` });
  }

  /** Creates the workflow named `definition.name`, or adds a version to it if it differs from the latest. */
  async upsertByName(definition: unknown, options: SaveOptions = {}): Promise<SaveResult> {
    return this.saved(await this.store.upsertByName(await this.newVersion(definition, options)));
  }

  /**
   * The version a run of workflow `id` executes: `version`, or the latest when left out; 404 as
   * `getVersion`. Answered from the replicas' cache when it holds it: a start of a stored
   * workflow reads nothing here while its latest version stays the same.
   */
  runnableVersion(id: string, version?: number): Promise<RunnableVersion> {
    const key = version === undefined ? id : `${id}@${version}`;
    return this.runnable.get(key, async () => {
      const { workflowId, version: found, definition } = await this.store.getVersion(id, version);
      return { workflowId, version: found, definition };
    });
  }

  /** Version `version` of workflow `id`, its latest when left out; 404 naming what is missing. */
  getVersion(id: string, version?: number): Promise<WorkflowVersionRecord> {
    return this.store.getVersion(id, version);
  }

  listVersions(id: string): Promise<WorkflowVersionSummary[]> {
    return this.store.listVersions(id);
  }

  list(): Promise<WorkflowSummary[]> {
    return this.store.list();
  }

  /** What changed from version `from` to version `to` (the latest when left out). */
  async diff(id: string, from: number, to?: number): Promise<VersionDiff> {
    const after = await this.store.getVersion(id, to);
    const before = await this.store.getVersion(id, from);
    return { workflowId: id, from: before.version, to: after.version, ...diffDefinitions(before.definition, after.definition) };
  }

  /** A save that wrote a version changed the workflow's latest: every replica forgets what it kept of it. */
  private saved(result: SaveResult): SaveResult {
    if (result.created) this.caches.changed('workflow-versions', result.id);
    return result;
  }

  private async newVersion(definition: unknown, options: SaveOptions): Promise<NewVersion> {
    return {
      definition: await this.validator.check(definition),
      message: options.message ?? null,
      createdBy: options.createdBy ?? null,
    };
  }
}

async function conflictOnNameTaken(save: () => Promise<SaveResult>): Promise<SaveResult> {
  try {
    return await save();
  } catch (error) {
    if (!(error instanceof WorkflowNameTakenError)) throw error;
    const hint = error.existingId ? `; change that workflow with PUT /api/workflows/${error.existingId}` : '';
    throw ApiError.conflict(`${error.message}${hint}`);
  }
}
