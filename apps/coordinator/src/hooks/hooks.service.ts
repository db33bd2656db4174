import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { HookRow } from '@runtime-hub/db';
import { RUN_PRIORITY_DEFAULT, type CreateHookRequest, type HookCreated, type HookRecord, type RunRecord, type RunSummary } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { ApiError } from '../openapi/api-error';
import { DatabaseService } from '../persistence/database.service';
import { RunEngine } from '../runs/shell/run-engine';
import { RunReader } from '../runs/adapters/run-reader';
import { RunWaiter } from '../runs/shell/run-waiter';
import { CLOCK, type Clock } from '../triggers/clock';
import { isUniqueViolation } from '../workflows/unique-violation';
import { WorkflowsService } from '../workflows/workflows.service';
import { newHookSecret, refuseCall, storedSecret, type HookCredentials } from './hook-auth';
import { hookInputs, type HookRequestParts } from './hook-inputs';
import { HookRateLimit } from './hook-rate-limit';
import { HooksRepository } from './hooks.repository';
import { triggerActor } from '../triggers/trigger-actor';

const HOOK_NAME_INDEX = 'hooks_name_key';

/** The answer to a webhook call: 202 with the run as started, or 200 with it finished. */
export interface HookCallAnswer {
  readonly status: HttpStatus;
  readonly body: RunSummary | RunRecord;
}

/**
 * Webhook triggers — README "A webhook call, step by step":
 *
 * 1. The hook (404 naming the id).
 * 2. The rate limit, counted in Redis for every replica (429 with Retry-After).
 * 3. Authentication: the token, or the HMAC-SHA256 signature of the raw body (401; nothing starts).
 * 4. The run's inputs from the body, headers and query (hook-inputs.ts).
 * 5. RunEngine.start with trigger `hook` and the hook's id, priority and target labels (400
 *    naming what is wrong, as `POST /api/runs`).
 * 6. With `?waitMs=` (capped by RH_HOOK_WAIT_MAX_MS): 200 and the finished run when it ends in
 *    time, else 202 with it as it is.
 */
@Injectable()
export class HooksService {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(HooksRepository) private readonly repository: HooksRepository,
    @Inject(HookRateLimit) private readonly rateLimit: HookRateLimit,
    @Inject(WorkflowsService) private readonly workflows: WorkflowsService,
    @Inject(RunEngine) private readonly engine: RunEngine,
    @Inject(RunWaiter) private readonly waiter: RunWaiter,
    @Inject(RunReader) private readonly reader: RunReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(request: CreateHookRequest): Promise<HookCreated> {
    const stored = await this.workflows.getVersion(request.workflowId, request.version ?? undefined);
    const auth = request.auth ?? 'hmac-sha256';
    const secret = newHookSecret();
    let row: HookRow;
    try {
      row = await this.repository.insert(this.database.db, {
        id: randomUUID(),
        name: request.name,
        workflowId: request.workflowId,
        workflowVersion: request.version ?? null,
        auth,
        secret: storedSecret(auth, secret),
        inputMap: request.inputMap ?? null,
        rateLimitPerMinute: request.rateLimitPerMinute ?? this.config.hooks.defaultRateLimitPerMinute,
        targetLabels: request.targetLabels ?? null,
        priority: request.priority ?? RUN_PRIORITY_DEFAULT,
      });
    } catch (error) {
      if (isUniqueViolation(error, HOOK_NAME_INDEX)) throw ApiError.conflict(`a hook named "${request.name}" exists already`);
      throw error;
    }
    return { hook: toHookRecord(row, stored.name), secret };
  }

  async list(): Promise<HookRecord[]> {
    const rows = await this.repository.list(this.database.db);
    const names = new Map<string, string>();
    for (const row of rows) if (!names.has(row.workflowId)) names.set(row.workflowId, await this.workflowName(row.workflowId));
    return rows.map((row) => toHookRecord(row, names.get(row.workflowId) ?? row.workflowId));
  }

  async get(id: string): Promise<HookRecord> {
    const row = await this.find(id);
    return toHookRecord(row, await this.workflowName(row.workflowId));
  }

  /** A new secret; the old one stops working at once. */
  async rotateSecret(id: string): Promise<HookCreated> {
    const row = await this.find(id);
    const secret = newHookSecret();
    const updated = (await this.repository.update(this.database.db, id, { secret: storedSecret(row.auth, secret) })) ?? row;
    return { hook: toHookRecord(updated, await this.workflowName(row.workflowId)), secret };
  }

  async delete(id: string): Promise<void> {
    if (!(await this.repository.delete(this.database.db, id))) throw ApiError.notFound(`hook "${id}" not found`);
  }

  async call(id: string, credentials: HookCredentials, parts: HookRequestParts, waitMs: number | undefined): Promise<HookCallAnswer> {
    // 1. the hook
    const hook = await this.find(id);
    // 2. the rate limit
    const verdict = await this.rateLimit.take(hook.id, hook.rateLimitPerMinute, this.clock.now());
    if (!verdict.allowed) {
      throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'RATE_LIMITED', `hook "${hook.name}" takes ${hook.rateLimitPerMinute} calls a minute; try again in ${Math.ceil(verdict.retryAfterMs / 1_000)} s`, {
        details: { retryAfterMs: verdict.retryAfterMs },
      });
    }
    // 3. authentication
    const refusal = refuseCall(hook.auth, hook.secret, credentials);
    if (refusal !== null) {
      this.logger.warn({ hookId: hook.id, refusal }, 'a webhook call was refused');
      throw ApiError.unauthorized(refusal);
    }
    // 4. inputs
    const stored = await this.workflows.getVersion(hook.workflowId, hook.workflowVersion ?? undefined);
    const inputs = hookInputs(hook.inputMap, stored.definition, parts);
    // 5. the run
    const started = await this.engine.start({ workflowId: hook.workflowId, version: stored.version, inputs }, 'hook', {
      triggerId: hook.id,
      startedBy: triggerActor('webhook', hook.name),
      priority: hook.priority,
      ...(hook.targetLabels ? { targetOverride: { labels: hook.targetLabels } } : {}),
    });
    await this.repository.update(this.database.db, hook.id, { lastCalledAt: new Date(this.clock.now()) });
    // 6. the wait
    if (!waitMs) return { status: HttpStatus.ACCEPTED, body: started };
    const finished = await this.waiter.waitForEnd(started.id, Math.min(waitMs, this.config.hooks.waitMaxMs));
    if (finished === null) return { status: HttpStatus.ACCEPTED, body: await this.reader.summary(started.id) };
    return { status: HttpStatus.OK, body: finished };
  }

  private async find(id: string): Promise<HookRow> {
    const row = await this.repository.find(this.database.db, id);
    if (!row) throw ApiError.notFound(`hook "${id}" not found`);
    return row;
  }

  private async workflowName(workflowId: string): Promise<string> {
    return (await this.workflows.getVersion(workflowId).catch(() => undefined))?.name ?? workflowId;
  }
}

export function hookPath(id: string): string {
  return `/hooks/${id}`;
}

function toHookRecord(row: HookRow, workflowName: string): HookRecord {
  return {
    id: row.id,
    name: row.name,
    workflowId: row.workflowId,
    workflowName,
    version: row.workflowVersion,
    auth: row.auth,
    inputMap: row.inputMap,
    rateLimitPerMinute: row.rateLimitPerMinute,
    targetLabels: row.targetLabels,
    priority: row.priority,
    path: hookPath(row.id),
    createdAt: row.createdAt.toISOString(),
    lastCalledAt: row.lastCalledAt?.toISOString() ?? null,
  };
}
