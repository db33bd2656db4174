import { setImmediate as nextTurn } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { findSecretReferences, validateInTurns, type WorkflowGraph } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import type { StartRunRequest, Target, WorkflowDefinition } from '@runtime-hub/protocol';
import { AGENT_DIRECTORY, type AgentDirectory, type KnownTargetAgent } from '../../agents/agents.ports';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { SecretsService } from '../../secrets/secrets.service';
import { WorkflowsService } from '../../workflows/workflows.service';
import { DefinitionInvalidError } from '../core/errors/definition-invalid.error';
import { RunInputsInvalidError } from '../core/errors/run-inputs-invalid.error';
import { SecretsUnknownError } from '../core/errors/secrets-unknown.error';
import { TargetsUnmatchedError } from '../core/errors/targets-unmatched.error';
import { resolveRunInputs } from '../core/run-inputs';
import type { RunStartOptions } from '../core/run-start-options';
import { unmatchedTargets, type UnmatchedTarget } from '../core/target-precheck';
import { RunStore } from './run-store';

/** A start request that passed every check: the stored version it runs, and its inputs. */
export interface CheckedStart {
  readonly workflowId: string;
  readonly version: number;
  readonly definition: WorkflowDefinition;
  readonly inputs: Record<string, unknown>;
}

/**
 * Steps 1-4 of a start (README "Start", run-starter.ts), before anything of the run is
 * written: the definition, its validation, the secrets it references, the inputs, the targets
 * some agent can match; then an inline definition is stored. Each refusal is an error naming
 * every problem (REST 400).
 */
@Injectable()
export class RunStartChecks {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(RunStore) private readonly store: RunStore,
    @Inject(WorkflowsService) private readonly workflows: WorkflowsService,
    @Inject(SecretsService) private readonly secrets: SecretsService,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
  ) {}

  async check(request: StartRunRequest, options: RunStartOptions): Promise<CheckedStart> {
    // 1. the definition (a stored version: kept by the replicas' caches, WorkflowsService)
    const stored = request.workflowId !== undefined ? await this.workflows.runnableVersion(request.workflowId, request.version) : undefined;

    // 2. validate, giving the event loop back between the steps (a 10,000-node definition); a
    //    stored version this coordinator validated before is not validated again
    const checked = (stored && this.store.definitions.validated(stored.workflowId, stored.version)) || (await this.validate(stored ? stored.definition : request.definition));

    // 2b. the secrets it references
    const unknownSecrets = await this.secrets.unknownNames(findSecretReferences(checked.definition.nodes.map((node) => node.config)));
    if (unknownSecrets.length > 0) throw new SecretsUnknownError(unknownSecrets);

    // 3. inputs
    const inputs = resolveRunInputs(checked.definition, request.inputs ?? {});
    if (!inputs.ok) throw new RunInputsInvalidError(inputs.problems);

    // 3b. targets some agent can match
    // The online agents usually settle it; only a target none of them matches asks the
    // database for every enrolled agent.
    const matchedOnline = (await this.unmatchedInTurns(checked.definition, await this.directory.onlineAgents(), options.targetOverride)).length === 0;
    const unmatched = matchedOnline ? [] : await this.unmatchedInTurns(checked.definition, await this.directory.knownAgents(), options.targetOverride);
    if (unmatched.length > 0) throw new TargetsUnmatchedError(unmatched);

    // 4. the stored version this run executes
    const { workflowId, version } = stored ?? (await this.storeInline(checked.definition));
    this.store.definitions.remember(workflowId, version, checked.definition, checked.graph, true);
    return { workflowId, version, definition: checked.definition, inputs: inputs.inputs };
  }

  private async validate(candidate: unknown): Promise<{ definition: WorkflowDefinition; graph: WorkflowGraph }> {
    const checked = await validateInTurns(candidate, NODE_CATALOGUE, () => nextTurn(), {
      maxIterationsCap: this.config.nodes.maxIterationsCap,
      itemsPerStep: this.config.nodes.yieldEveryNodes,
    });
    if (!checked.ok) throw new DefinitionInvalidError(checked.problems);
    return checked;
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

  private async storeInline(definition: WorkflowDefinition): Promise<{ workflowId: string; version: number }> {
    const saved = await this.workflows.upsertByName(definition);
    return { workflowId: saved.id, version: saved.version };
  }
}
