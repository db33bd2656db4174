import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RunRow } from '@runtime-hub/db';
import { validate } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import type { RunTrigger, StartRunRequest, WorkflowDefinition } from '@runtime-hub/protocol';
import { AGENT_DIRECTORY, type AgentDirectory } from '../agents/agents.ports';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { DatabaseService } from '../persistence/database.service';
import { WorkflowsService } from '../workflows/workflows.service';
import { DefinitionInvalidError } from './errors/definition-invalid.error';
import { RunInputsInvalidError } from './errors/run-inputs-invalid.error';
import { TargetsUnmatchedError } from './errors/targets-unmatched.error';
import { RunAdvancer } from './run-advancer';
import { RunDefinitions } from './run-definitions';
import { resolveRunInputs } from './run-inputs';
import { RunTransactions } from './run-transactions';
import { RunsRepository } from './runs.repository';
import { unmatchedTargets } from './target-precheck';

/**
 * start(request, trigger) — step 1 of a run (README "Start"):
 *
 * 1. The definition: version `version` (default: the latest) of the stored workflow
 *    `workflowId`, or the inline `definition`.
 * 2. Validate it against the node catalogue: every problem at once, nothing stored
 *    (DefinitionInvalidError, REST 400 VALIDATION_FAILED).
 * 3. Check the inputs against the declared ones and fill defaults (RunInputsInvalidError,
 *    REST 400 naming each input).
 * 3b. Every agent node's target must be one some online or known agent can match
 *    (target-precheck.ts; TargetsUnmatchedError, REST 400 TARGET_UNMATCHED naming each node).
 * 4. An inline definition is stored now (upsertByName: a new version only when it differs
 *    from the latest), so its runs' history stays queryable like any other.
 * 5. One transaction writes the run (`running`) and one `pending` row per node. Nothing is
 *    queued that is not first in Postgres.
 * 6. Advance the run (its roots are dispatched), and return it as it is then.
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
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async start(request: StartRunRequest, trigger: RunTrigger): Promise<RunRow> {
    // 1. the definition
    const stored = request.workflowId !== undefined ? await this.workflows.getVersion(request.workflowId, request.version) : undefined;
    const candidate: unknown = stored ? stored.definition : request.definition;

    // 2. validate
    const checked = validate(candidate, NODE_CATALOGUE, { maxIterationsCap: this.config.nodes.maxIterationsCap });
    if (!checked.ok) throw new DefinitionInvalidError(checked.problems);

    // 3. inputs
    const inputs = resolveRunInputs(checked.definition, request.inputs ?? {});
    if (!inputs.ok) throw new RunInputsInvalidError(inputs.problems);

    // 3b. targets some agent can match
    const unmatched = unmatchedTargets(checked.definition, await this.directory.knownAgents());
    if (unmatched.length > 0) throw new TargetsUnmatchedError(unmatched);

    // 4. the stored version this run executes
    const { workflowId, version } = stored ?? (await this.store(checked.definition));
    this.definitions.remember(workflowId, version, checked.definition, checked.graph);

    // 5. the run and its node rows, in one transaction
    const now = new Date();
    const runId = randomUUID();
    await this.transactions.transaction(async (tx, effects) => {
      await this.runs.insertRuns(tx, [
        {
          id: runId,
          workflowId,
          workflowVersion: version,
          workflowName: checked.definition.name,
          status: 'running',
          trigger,
          inputs: inputs.inputs,
          createdAt: now,
          startedAt: now,
        },
      ]);
      await this.runs.insertNodeRuns(
        tx,
        checked.definition.nodes.map((node) => ({ runId, nodeId: node.id, type: node.type, status: 'pending' as const, attempt: 0 })),
      );
      effects.runReached('pending');
      effects.runReached('running');
      effects.runChanged(runId);
    });

    // 6. advance; the run is accepted whatever happens here (the reconciler advances it again)
    await this.advancer.advance(runId).catch((error: unknown) => this.logger.error({ err: error, runId }, 'advancing a new run failed'));
    const run = await this.runs.findRun(this.database.db, runId);
    if (!run) throw new Error(`run ${runId} vanished right after it was written`);
    return run;
  }

  private async store(definition: WorkflowDefinition): Promise<{ workflowId: string; version: number }> {
    const saved = await this.workflows.upsertByName(definition);
    return { workflowId: saved.id, version: saved.version };
  }
}
