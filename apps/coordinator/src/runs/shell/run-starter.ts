import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RunRow } from '@runtime-hub/db';
import { RUN_PRIORITY_DEFAULT, type RunTrigger, type StartRunRequest } from '@runtime-hub/protocol';
import { NODE_ROWS_PER_START_INSERT } from '../../config/defaults';
import { LOGGER, type Logger } from '../../logging/logger';
import type { RunStartOptions } from '../core/run-start-options';
import { AWAITING_ADMISSION_REASON, RunAdmission } from './run-admission';
import { COMMITTED_ROWS_MAX_NODES, RunAdvancer, type CommittedRun } from './run-advancer';
import { RunStartChecks } from './run-start.checks';
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
 * 5. One transaction writes the run and one `pending` row per node. Nothing is queued that is
 *    not first in Postgres. The run is `running`, or `queued` when it must wait for admission
 *    (its workflow has a concurrency limit, or it has a concurrency key: run-admission.ts).
 * 6. Advance the run (its roots are dispatched) — or, queued, let admission decide — and
 *    return it as it is then.
 *
 * `options.runId` makes a start idempotent: a run with that id already is answered as it is.
 */
@Injectable()
export class RunStarter {
  constructor(
    @Inject(RunStore) private readonly store: RunStore,
    @Inject(RunStartChecks) private readonly checks: RunStartChecks,
    @Inject(RunAdvancer) private readonly advancer: RunAdvancer,
    @Inject(RunAdmission) private readonly admission: RunAdmission,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async start(request: StartRunRequest, trigger: RunTrigger, options: RunStartOptions = {}): Promise<RunRow> {
    const { database, runs, transactions } = this.store;
    if (options.runId !== undefined) {
      const existing = await runs.findRun(database.db, options.runId);
      if (existing) return existing;
    }
    // 1. - 4.
    const { workflowId, version, definition, inputs } = await this.checks.check(request, options);

    // 5. the run and its node rows, in one transaction
    const now = new Date();
    const runId = options.runId ?? randomUUID();
    const { waits: queued, committed } = await transactions.transaction(async (tx, effects) => {
      const waits = await this.admission.mustWait(tx, workflowId, options.concurrencyKey);
      const runRow = {
        id: runId,
        workflowId,
        workflowVersion: version,
        workflowName: definition.name,
        status: waits ? ('queued' as const) : ('running' as const),
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
      const nodeRows = definition.nodes.map((node) => ({ runId, nodeId: node.id, type: node.type, status: 'pending' as const, attempt: 0 }));
      let written: CommittedRun | undefined;
      if (nodeRows.length <= COMMITTED_ROWS_MAX_NODES) {
        // A narrow run's rows come back from their inserts and go to its first advance, which
        // then reads neither the run nor its nodes before it plans.
        const run = await runs.insertRunReturning(tx, runRow);
        const rows = await runs.insertNodeRunsReturning(tx, nodeRows);
        if (run) written = { run, rows };
      } else {
        await runs.insertRuns(tx, [runRow]);
        // A statement per NODE_ROWS_PER_START_INSERT rows: building one of 500 rows took up to
        // 110 ms of the event loop on a busy host.
        for (let start = 0; start < nodeRows.length; start += NODE_ROWS_PER_START_INSERT) {
          await runs.insertNodeRuns(tx, nodeRows.slice(start, start + NODE_ROWS_PER_START_INSERT));
        }
      }
      effects.runReached('pending');
      if (!waits) effects.runReached('running');
      effects.runChanged(runId, written?.run);
      return { waits, committed: written };
    });

    // 6. advance, or admit; the run is accepted whatever happens here (the reconciler advances
    // a running run again, the admission sweep looks at a queued one)
    if (queued) await this.admission.admit(workflowId);
    else await this.advancer.advance(runId, committed).catch((error: unknown) => this.logger.error({ err: error, runId }, 'advancing a new run failed'));
    const run = await runs.findRun(database.db, runId);
    if (!run) throw new Error(`run ${runId} vanished right after it was written`);
    return run;
  }
}
