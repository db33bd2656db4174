import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { BatchRow, NewBatchItemRow } from '@runtime-hub/db';
import { RUN_PRIORITY_DEFAULT, type BatchItemPage, type BatchItemsQuery, type BatchRecord, type BatchStatus, type CreateBatchRequest } from '@runtime-hub/protocol';
import { AGENT_DIRECTORY, type AgentDirectory } from '../agents/agents.ports';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { BATCH_ITEMS_PAGE_SIZE, BATCH_LIST_LIMIT } from '../config/defaults';
import { LOGGER, type Logger } from '../logging/logger';
import { ApiError } from '../openapi/api-error';
import { DatabaseService } from '../persistence/database.service';
import { RunEngine } from '../runs/shell/run-engine';
import { WorkflowsService } from '../workflows/workflows.service';
import { BatchDriver } from './batch-driver';
import { parseBatchItems } from './batch-items.parse';
import { batchWaitingReason, toBatchItemRecord, toBatchRecord } from './batch.views';
import { BatchesRepository } from './batches.repository';
import { BatchItemsInvalidError } from './errors/batch-items-invalid.error';
import { triggerActor } from '../triggers/trigger-actor';


/**
 * Batches — README "Batches": created with every item checked and stored, then moved by the
 * BatchDriver; pause, resume, cancel and "retry the failed items" change the batch's state and
 * let the driver act on it.
 */
@Injectable()
export class BatchesService {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(BatchesRepository) private readonly repository: BatchesRepository,
    @Inject(BatchDriver) private readonly driver: BatchDriver,
    @Inject(WorkflowsService) private readonly workflows: WorkflowsService,
    @Inject(RunEngine) private readonly engine: RunEngine,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * 1. The workflow version every item will run (pinned now). 2. Every item checked against its
   * inputs. 3. For a hosts batch, the hosts: known agents (online, or enrolled and not revoked)
   * with the label. 4. The batch and its items in one transaction. 5. The driver fills it.
   */
  async create(request: CreateBatchRequest): Promise<BatchRecord> {
    const concurrency = request.concurrency ?? this.config.batches.defaultConcurrency;
    if (concurrency > this.config.batches.maxConcurrency) {
      throw ApiError.badRequest(`body.concurrency: ${concurrency} is above the most a batch may run at once, ${this.config.batches.maxConcurrency} (RH_BATCH_MAX_CONCURRENCY)`);
    }
    const stored = await this.workflows.getVersion(request.workflowId, request.version);
    const items = await checkedItems(() => parseBatchItems(request, stored.definition, this.config.batches.maxItems, () => nextTurn()));
    const hosts = request.hostsLabel === undefined ? [null] : await this.hostsWith(request.hostsLabel);
    const total = items.length * hosts.length;
    if (total > this.config.batches.maxItems) {
      throw ApiError.badRequest(`${items.length} items x ${hosts.length} hosts = ${total} runs: a batch takes at most ${this.config.batches.maxItems} (RH_BATCH_MAX_ITEMS)`);
    }
    const id = randomUUID();
    const rows: NewBatchItemRow[] = [];
    items.forEach((inputs, itemIndex) => {
      for (const agentId of hosts) rows.push({ batchId: id, seq: rows.length, itemIndex, agentId, inputs, status: 'waiting' });
    });
    const batch = await this.repository.insert(
      this.database.db,
      {
        id,
        name: request.name ?? `${stored.name} x ${total}`,
        workflowId: stored.workflowId,
        workflowVersion: stored.version,
        workflowName: stored.name,
        status: 'running',
        concurrency,
        priority: request.priority ?? RUN_PRIORITY_DEFAULT,
        hostsLabel: request.hostsLabel ?? null,
        total,
      },
      rows,
    );
    this.logger.info({ batchId: id, workflowId: stored.workflowId, total, concurrency }, 'batch created');
    // Not awaited: a fill goes on as long as items keep ending, which may be the whole batch.
    void this.driver.fill(id);
    return this.get(batch.id);
  }

  async get(id: string): Promise<BatchRecord> {
    const batch = await this.find(id);
    const progress = await this.repository.progress(this.database.db, [id]);
    return toBatchRecord(batch, progress.get(id)!);
  }

  async list(): Promise<BatchRecord[]> {
    const rows = await this.repository.list(this.database.db, BATCH_LIST_LIMIT);
    const progress = await this.repository.progress(this.database.db, rows.map((row) => row.id));
    return rows.map((row) => toBatchRecord(row, progress.get(row.id)!));
  }

  /** Batches with items waiting, and why they wait (the queue page). */
  async waiting(): Promise<Array<{ batch: BatchRecord; reason: string }>> {
    const rows = await this.repository.withStatus(this.database.db, ['running', 'paused']);
    const progress = await this.repository.progress(this.database.db, rows.map((row) => row.id));
    return rows.flatMap((row) => {
      const record = toBatchRecord(row, progress.get(row.id)!);
      const reason = batchWaitingReason(row, record.progress);
      return reason === null ? [] : [{ batch: record, reason }];
    });
  }

  async items(id: string, query: BatchItemsQuery): Promise<BatchItemPage> {
    await this.find(id);
    const db = this.database.db;
    const [rows, progress] = [
      await this.repository.items(db, id, { status: query.status, offset: query.offset ?? 0, limit: query.limit ?? BATCH_ITEMS_PAGE_SIZE }),
      (await this.repository.progress(db, [id])).get(id)!,
    ];
    return { items: rows.map(toBatchItemRecord), total: query.status ? progress[query.status] : progress.total };
  }

  async pause(id: string): Promise<BatchRecord> {
    await this.transition(id, 'paused', ['running'], 'pause');
    return this.get(id);
  }

  async resume(id: string): Promise<BatchRecord> {
    await this.transition(id, 'running', ['paused'], 'resume');
    void this.driver.fill(id);
    return this.get(id);
  }

  /** Waiting items are cancelled at once; running ones have their runs cancelled (they settle as cancelled). */
  async cancel(id: string): Promise<BatchRecord> {
    const batch = await this.find(id);
    await this.database.db.transaction(async (tx) => {
      const locked = await this.repository.lock(tx, id);
      if (!locked || (locked.status !== 'running' && locked.status !== 'paused')) throw conflict(batch, 'cancel', 'it is running or paused');
      await this.repository.setStatus(tx, id, 'cancelled', new Date());
      await this.repository.moveAll(tx, id, 'waiting', { status: 'cancelled', finishedAt: new Date() });
    });
    for (const item of await this.repository.running(this.database.db, id)) {
      if (item.runId === null) continue;
      await this.engine.cancel(item.runId, `batch "${batch.name}" was cancelled`, triggerActor('batch', batch.name)).catch((error: unknown) => this.logger.info({ err: error, runId: item.runId }, 'a batch run ended before it was cancelled'));
    }
    return this.get(id);
  }

  /** Every failed item waits again (a new run each, attempts counting on); the batch runs again. */
  async retryFailed(id: string): Promise<{ batch: BatchRecord; retried: number }> {
    const batch = await this.find(id);
    const retried = await this.database.db.transaction(async (tx) => {
      const locked = await this.repository.lock(tx, id);
      if (!locked || locked.status === 'cancelled') throw conflict(batch, 'retry', 'it was not cancelled');
      const moved = await this.repository.moveAll(tx, id, 'failed', { status: 'waiting', error: null, finishedAt: null, runId: null });
      if (moved > 0 && locked.status === 'finished') await this.repository.setStatus(tx, id, 'running', null);
      return moved;
    });
    void this.driver.fill(id);
    return { batch: await this.get(id), retried };
  }

  private async transition(id: string, to: BatchStatus, from: readonly BatchStatus[], action: string): Promise<void> {
    const batch = await this.find(id);
    if (!(await this.repository.setStatus(this.database.db, id, to, null, from))) throw conflict(batch, action, `it is ${from.join(' or ')}`);
  }

  private async hostsWith(label: string): Promise<string[]> {
    const hosts = (await this.directory.knownAgents()).filter((agent) => agent.labels.includes(label)).map((agent) => agent.id);
    if (hosts.length === 0) throw ApiError.badRequest(`body.hostsLabel: no known agent has label "${label}"`);
    return hosts.sort();
  }

  private async find(id: string): Promise<BatchRow> {
    const row = await this.repository.find(this.database.db, id);
    if (!row) throw ApiError.notFound(`batch "${id}" not found`);
    return row;
  }
}

function conflict(batch: BatchRow, action: string, needs: string): ApiError {
  return ApiError.conflict(`batch "${batch.id}" is ${batch.status}: ${action} needs ${needs}`);
}

/** Item problems as the REST answer: 400 INVALID_INPUTS naming each. */
async function checkedItems<T>(parse: () => Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (error) {
    if (error instanceof BatchItemsInvalidError) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_INPUTS', error.message, { problems: error.problems, more: error.more }, { cause: error });
    }
    throw error;
  }
}
