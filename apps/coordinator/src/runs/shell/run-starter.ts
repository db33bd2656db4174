import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { RunRow } from '@runtime-hub/db';
import { findSecretReferences, validateInTurns } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { RUN_PRIORITY_DEFAULT, type RunTrigger, type StartRunRequest, type Target, type WorkflowDefinition } from '@runtime-hub/protocol';
import { AGENT_DIRECTORY, type AgentDirectory, type KnownTargetAgent } from '../../agents/agents.ports';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { NODE_ROWS_PER_START_INSERT } from '../../config/defaults';
import { LOGGER, type Logger } from '../../logging/logger';
import { DatabaseService } from '../../persistence/database.service';
import { SecretsService } from '../../secrets/secrets.service';
import { WorkflowsService } from '../../workflows/workflows.service';
import { DefinitionInvalidError } from '../core/errors/definition-invalid.error';
import { RunInputsInvalidError } from '../core/errors/run-inputs-invalid.error';
import { SecretsUnknownError } from '../core/errors/secrets-unknown.error';
import { TargetsUnmatchedError } from '../core/errors/targets-unmatched.error';
import { AWAITING_ADMISSION_REASON, RunAdmission } from './run-admission';
import { COMMITTED_ROWS_MAX_NODES, RunAdvancer, type CommittedRun } from './run-advancer';
import { RunDefinitions } from '../adapters/run-definitions';
import { resolveRunInputs } from '../core/run-inputs';
import { RunTransactions } from './run-transactions';
import type { RunStartOptions } from '../core/run-start-options';
import { RunsRepository } from '../adapters/runs.repository';
import { unmatchedTargets, type UnmatchedTarget } from '../core/target-precheck';

/**
 * start(request, trigger) — step 1 of a run (README "Start"):
 *
 * 1. The definition: version `version` (default: the latest) of the stored workflow
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
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(WorkflowsService) private readonly workflows: WorkflowsService,
    @Inject(RunTransactions) private readonly transactions: RunTransactions,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(RunDefinitions) private readonly definitions: RunDefinitions,
    @Inject(RunAdvancer) private readonly advancer: RunAdvancer,
    @Inject(RunAdmission) private readonly admission: RunAdmission,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SecretsService) private readonly secrets: SecretsService,
  ) {}

  async start(request: StartRunRequest, trigger: RunTrigger, options: RunStartOptions = {}): Promise<RunRow> {
    if (options.runId !== undefined) {
      const existing = await this.runs.findRun(this.database.db, options.runId);
      if (existing) return existing;
    }
    // 1. the definition
    const stored = request.workflowId !== undefined ? await this.workflows.getVersion(request.workflowId, request.version) : undefined;
    const candidate: unknown = stored ? stored.definition : request.definition;

    // 2. validate, giving the event loop back between the steps (a 10,000-node definition)
    const checked = await validateInTurns(candidate, NODE_CATALOGUE, () => nextTurn(), {
      maxIterationsCap: this.config.nodes.maxIterationsCap,
      itemsPerStep: this.config.nodes.yieldEveryNodes,
    });
    if (!checked.ok) throw new DefinitionInvalidError(checked.problems);

    // 2b. the secrets it references
    const unknownSecrets = await this.secrets.unknownNames(findSecretReferences(checked.definition.nodes.map((node) => node.config)));
    if (unknownSecrets.length > 0) throw new SecretsUnknownError(unknownSecrets);

    // 3. inputs
    const inputs = resolveRunInputs(checked.definition, request.inputs ?? {});
    if (!inputs.ok) throw new RunInputsInvalidError(inputs.problems);

    // 3b. targets some agent can match: the online agents usually settle it, and only a
    // target none of them matches asks the database for every enrolled agent
    const matchedOnline = (await this.unmatchedInTurns(checked.definition, await this.directory.onlineAgents(), options.targetOverride)).length === 0;
    const unmatched = matchedOnline ? [] : await this.unmatchedInTurns(checked.definition, await this.directory.knownAgents(), options.targetOverride);
    if (unmatched.length > 0) throw new TargetsUnmatchedError(unmatched);

    // 4. the stored version this run executes
    const { workflowId, version } = stored ?? (await this.store(checked.definition));
    this.definitions.remember(workflowId, version, checked.definition, checked.graph);

    // 5. the run and its node rows, in one transaction
    const now = new Date();
    const runId = options.runId ?? randomUUID();
    const { waits: queued, committed } = await this.transactions.transaction(async (tx, effects) => {
      const waits = await this.admission.mustWait(tx, workflowId, options.concurrencyKey);
      const runRow = {
        id: runId,
        workflowId,
        workflowVersion: version,
        workflowName: checked.definition.name,
        status: waits ? ('queued' as const) : ('running' as const),
        trigger,
        triggerId: options.triggerId ?? null,
        startedBy: options.startedBy ?? null,
        priority: request.priority ?? options.priority ?? RUN_PRIORITY_DEFAULT,
        waitingReason: waits ? AWAITING_ADMISSION_REASON : null,
        targetOverride: options.targetOverride ?? null,
        concurrencyKey: options.concurrencyKey ?? null,
        inputs: inputs.inputs,
        createdAt: now,
        startedAt: waits ? null : now,
      };
      const nodeRows = checked.definition.nodes.map((node) => ({ runId, nodeId: node.id, type: node.type, status: 'pending' as const, attempt: 0 }));
      let written: CommittedRun | undefined;
      if (nodeRows.length <= COMMITTED_ROWS_MAX_NODES) {
        // A narrow run's rows come back from their inserts and go to its first advance, which
        // then reads neither the run nor its nodes before it plans.
        const run = await this.runs.insertRunReturning(tx, runRow);
        const rows = await this.runs.insertNodeRunsReturning(tx, nodeRows);
        if (run) written = { run, rows };
      } else {
        await this.runs.insertRuns(tx, [runRow]);
        // A statement per NODE_ROWS_PER_START_INSERT rows: building one of 500 rows took up to
        // 110 ms of the event loop on a busy host.
        for (let start = 0; start < nodeRows.length; start += NODE_ROWS_PER_START_INSERT) {
          await this.runs.insertNodeRuns(tx, nodeRows.slice(start, start + NODE_ROWS_PER_START_INSERT));
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
    const run = await this.runs.findRun(this.database.db, runId);
    if (!run) throw new Error(`run ${runId} vanished right after it was written`);
    return run;
  }

  /** `unmatchedTargets` a chunk of RH_ENGINE_YIELD_EVERY_NODES nodes per turn: 10,000 at once held the event loop for up to 95 ms on a busy host. */
  private async unmatchedInTurns(definition: WorkflowDefinition, agents: readonly KnownTargetAgent[], targetOverride: Target | undefined): Promise<UnmatchedTarget[]> {
    const unmatched: UnmatchedTarget[] = [];
    const perTurn = this.config.nodes.yieldEveryNodes;
    for (let start = 0; start < definition.nodes.length; start += perTurn) {
      if (start > 0) await nextTurn();
      unmatched.push(...unmatchedTargets({ ...definition, nodes: definition.nodes.slice(start, start + perTurn) }, agents, targetOverride));
    }
    return unmatched;
  }

  private async store(definition: WorkflowDefinition): Promise<{ workflowId: string; version: number }> {
    const saved = await this.workflows.upsertByName(definition);
    return { workflowId: saved.id, version: saved.version };
  }
}
