import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RUN_PRIORITY_DEFAULT, type RunSummary, type RunTrigger, type StartRunRequest } from '@runtime-hub/protocol';
import { LiveEvents } from '../../live/live.events';
import type { StartedRunValues } from '../adapters/run-start.statement';
import { toRunSummary } from '../core/run-records';
import type { RunStartOptions } from '../core/run-start-options';
import { AWAITING_ADMISSION_REASON, RunAdmission } from './run-admission';
import { RunStartChecks } from './run-start.checks';
import { RunStartWriter } from './run-start.writer';
import { RunStore } from './run-store';

/**
 * start(request, trigger) — step 1 of a run (README "Start"):
 *
 * 1. - 4. (run-start.checks.ts) The definition: version `version` (default: the latest) of the stored workflow
 *    `workflowId`, or the inline `definition`.
 * 2. Validate it against the node catalogue: every problem at once, nothing stored
 *    (DefinitionInvalidError, REST 400 VALIDATION_FAILED).
 * 2b. Every secret its nodes reference (`{{ secrets.NAME }}`) must exist (SecretsUnknownError,
 *    REST 400 SECRET_UNKNOWN naming each). Their values are not read here: only the delivery
 *    of a task to its agent reads them.
 * 3. Check the inputs against the declared ones and fill defaults (RunInputsInvalidError,
 *    REST 400 naming each input).
 * 3b. Every agent node's target must be one some online or known agent can match
 *    (target-precheck.ts; TargetsUnmatchedError, REST 400 TARGET_UNMATCHED naming each node).
 * 4. An inline definition is stored now (upsertByName: a new version only when it differs
 *    from the latest), so its runs' history stays queryable like any other.
 * 5. One transaction writes the run and one `pending` row per node — for a run of at most
 *    COMMITTED_ROWS_MAX_NODES nodes one statement (run-start.statement.ts). Nothing is queued
 *    that is not first in Postgres. The run is `running`, or `queued` when it must wait for
 *    admission (its workflow has a concurrency limit, as the replicas' cache holds it, or it has
 *    a concurrency key: run-admission.ts). A narrow running run whose ready roots are all agent
 *    nodes prepared to a dispatch is written with them dispatched (run-start.writer.ts).
 * 6. Advance the run (its roots are dispatched), unless its roots were dispatched with it — or,
 *    queued, let admission decide — and return it as it is then: as this coordinator last
 *    published it (the row the write returned, or the one a later commit of this start
 *    wrote), read back only when it published none.
 *
 * `options.runId` makes a start idempotent: a run with that id already is answered as it is.
 */
@Injectable()
export class RunStarter {
  constructor(
    @Inject(RunStore) private readonly store: RunStore,
    @Inject(RunStartChecks) private readonly checks: RunStartChecks,
    @Inject(RunStartWriter) private readonly writer: RunStartWriter,
    @Inject(RunAdmission) private readonly admission: RunAdmission,
    @Inject(LiveEvents) private readonly live: LiveEvents,
  ) {}

  async start(request: StartRunRequest, trigger: RunTrigger, options: RunStartOptions = {}): Promise<RunSummary> {
    const { database, runs } = this.store;
    if (options.runId !== undefined) {
      const existing = await runs.findRun(database.db, options.runId);
      if (existing) return toRunSummary(existing);
    }
    // 1. - 4.
    const { workflowId, version, definition, inputs } = await this.checks.check(request, options);

    // 5. the run and its node rows, committed together
    const now = new Date();
    const runId = options.runId ?? randomUUID();
    const waits = await this.admission.mustWait(workflowId, options.concurrencyKey);
    const run: StartedRunValues = {
      id: runId,
      workflowId,
      workflowVersion: version,
      workflowName: definition.name,
      status: waits ? 'queued' : 'running',
      trigger,
      triggerId: options.triggerId ?? null,
      startedBy: options.startedBy ?? null,
      priority: request.priority ?? options.priority ?? RUN_PRIORITY_DEFAULT,
      waitingReason: waits ? AWAITING_ADMISSION_REASON : null,
      targetOverride: options.targetOverride ?? null,
      concurrencyKey: options.concurrencyKey ?? null,
      inputs,
      createdAt: now,
      startedAt: waits ? null : now,
    };
    const nodes = definition.nodes.map((node) => ({ nodeId: node.id, type: node.type }));
    // Every update of the run this coordinator publishes from here on is its latest state.
    let latest: RunSummary | undefined;
    const stopListening = this.live.onRunUpdated((update) => {
      if (update.id === runId) latest = update;
    });
    try {
      // 6. advance, or admit; the run is accepted whatever happens after its write (the
      // reconciler advances a running run again, the admission sweep looks at a queued one)
      if (waits) {
        await this.writer.write(run, nodes);
        await this.admission.admit(workflowId);
      } else await this.writer.startRunning(run, nodes);
    } finally {
      stopListening();
    }
    if (latest) return latest;
    const stored = await runs.findRun(database.db, runId);
    if (!stored) throw new Error(`run ${runId} vanished right after it was written`);
    return toRunSummary(stored);
  }
}
