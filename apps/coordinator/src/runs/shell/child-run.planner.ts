import { Inject, Injectable } from '@nestjs/common';
import type { NodeRunRow, RunRow } from '@runtime-hub/db';
import { formatProblem, validate } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import type { NodeDefinition, RunError, WorkflowNode } from '@runtime-hub/protocol';
import type { ExpressionSandbox } from '@runtime-hub/expressions';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { EXPRESSION_SANDBOX } from '../../expressions/expressions.module';
import { WorkflowsService } from '../../workflows/workflows.service';
import { buildScope } from '../core/expression-scope';
import { resolveNodeConfig } from '../core/node-config.resolver';
import { RunDefinitions, type LoadedDefinition } from '../adapters/run-definitions';
import { runError } from '../core/run-errors';
import { resolveRunInputs } from '../core/run-inputs';

/** Inputs each `foreach` iteration receives, when the child workflow declares them. */
export const FOREACH_ITEM_INPUT = 'item';
export const FOREACH_INDEX_INPUT = 'index';

/** Config of the three child-run nodes after templates, as far as the engine reads it. */
export interface ChildRunConfig {
  readonly workflowId?: string;
  readonly version?: number;
  readonly workflow?: Record<string, unknown>;
  readonly inputs?: Record<string, unknown>;
  readonly items?: unknown;
  readonly concurrency?: number;
  readonly maxIterations?: number;
  readonly until?: string;
}

export interface ChildSource {
  readonly workflowId: string;
  readonly version: number;
  readonly loaded: LoadedDefinition;
}

export type ChildRunPlan =
  | { readonly ok: false; readonly error: RunError }
  /** `inputs`: one entry per child to write now (foreach: every item; call and repeat: one). */
  | { readonly ok: true; readonly source: ChildSource; readonly inputs: ReadonlyArray<Record<string, unknown>> };

/**
 * What a `workflow.call`, `foreach` or `repeat` node starts, decided outside any transaction
 * (it may store an inline sub-workflow through WorkflowsService):
 *
 * 1. Resolve the node's config templates (the inline `workflow` and the `until` expression
 *    are kept as written: they belong to the child run and to each iteration).
 * 2. The child workflow: a stored one (`workflowId`, `version` or the latest), or the inline
 *    definition, validated and stored by name so that its runs' history stays queryable.
 * 3. The child inputs: `inputs`; for `foreach`, per item, plus `item` and `index` when the
 *    child declares them. `items` must be an array of at most `maxIterations` (the
 *    coordinator's cap when unset). Each set is checked against the child's declared inputs.
 */
@Injectable()
export class ChildRunPlanner {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(WorkflowsService) private readonly workflows: WorkflowsService,
    @Inject(RunDefinitions) private readonly definitions: RunDefinitions,
    @Inject(EXPRESSION_SANDBOX) private readonly expressions: ExpressionSandbox,
  ) {}

  /** 1. the config; the fields each iteration needs again are resolved the same way later. */
  async resolveConfig(parent: RunRow, rows: readonly NodeRunRow[], node: WorkflowNode, definition: NodeDefinition, attempt: number, keep: readonly string[] = []) {
    const kept = [definition.subWorkflowField ?? 'workflow', ...(definition.expressionFields ?? []), ...keep];
    const resolved = await resolveNodeConfig(this.expressions, node, definition, () => buildScope(parent, rows, attempt), kept);
    return resolved.ok ? { ok: true as const, config: resolved.parsed as ChildRunConfig } : resolved;
  }

  async plan(parent: RunRow, rows: readonly NodeRunRow[], node: WorkflowNode, definition: NodeDefinition, attempt: number): Promise<ChildRunPlan> {
    const resolved = await this.resolveConfig(parent, rows, node, definition, attempt);
    if (!resolved.ok) return resolved;
    const config = resolved.config;

    const source = await this.source(config, node.id);
    if (!source.ok) return source;

    const base = config.inputs ?? {};
    let inputSets: Array<Record<string, unknown>> = [base];
    if (node.type === 'foreach') {
      const items = config.items;
      if (!Array.isArray(items)) {
        return fail('CONFIG_INVALID', `config.items must be an array; it resolved to ${describe(items)}`, node.id);
      }
      const maxIterations = config.maxIterations ?? this.config.nodes.maxIterationsCap;
      if (items.length > maxIterations) {
        return fail('MAX_ITERATIONS', `config.items holds ${items.length} items; maxIterations is ${maxIterations}`, node.id, { items: items.length, maxIterations });
      }
      const declared = source.source.loaded.definition.inputs;
      inputSets = items.map((item: unknown, index) => ({
        ...base,
        ...(FOREACH_ITEM_INPUT in declared ? { [FOREACH_ITEM_INPUT]: item } : {}),
        ...(FOREACH_INDEX_INPUT in declared ? { [FOREACH_INDEX_INPUT]: index } : {}),
      }));
    }

    const inputs: Array<Record<string, unknown>> = [];
    for (const [index, set] of inputSets.entries()) {
      const checked = resolveRunInputs(source.source.loaded.definition, set);
      if (!checked.ok) {
        const where = node.type === 'foreach' ? ` (item ${index})` : '';
        const problems = checked.problems.map((problem) => `inputs.${problem.input}: ${problem.message}`).join('; ');
        return fail('CONFIG_INVALID', `the child workflow "${source.source.loaded.definition.name}" refuses its inputs${where}: ${problems}`, node.id, {
          problems: checked.problems.map((problem) => ({ ...problem })),
        });
      }
      inputs.push(checked.inputs);
    }
    return { ok: true, source: source.source, inputs };
  }

  /** 2. the child workflow, stored or inline. */
  private async source(config: ChildRunConfig, nodeId: string): Promise<{ ok: true; source: ChildSource } | { ok: false; error: RunError }> {
    if (config.workflowId !== undefined) {
      let record;
      try {
        record = await this.workflows.getVersion(config.workflowId, config.version);
      } catch (error) {
        const which = config.version !== undefined ? `workflow "${config.workflowId}" version ${config.version}` : `workflow "${config.workflowId}"`;
        return fail('CONFIG_INVALID', `${which} cannot be loaded: ${error instanceof Error ? error.message : String(error)}`, nodeId);
      }
      const checked = validate(record.definition, NODE_CATALOGUE, { maxIterationsCap: this.config.nodes.maxIterationsCap });
      if (!checked.ok) return fail('CONFIG_INVALID', `workflow "${config.workflowId}" no longer validates: ${checked.problems.map(formatProblem).join('; ')}`, nodeId);
      const loaded = this.definitions.remember(record.workflowId, record.version, checked.definition, checked.graph);
      return { ok: true, source: { workflowId: record.workflowId, version: record.version, loaded } };
    }
    const checked = validate(config.workflow, NODE_CATALOGUE, { maxIterationsCap: this.config.nodes.maxIterationsCap });
    if (!checked.ok) return fail('CONFIG_INVALID', `config.workflow: ${checked.problems.map(formatProblem).join('; ')}`, nodeId);
    const saved = await this.workflows.upsertByName(checked.definition);
    const loaded = this.definitions.remember(saved.id, saved.version, checked.definition, checked.graph);
    return { ok: true, source: { workflowId: saved.id, version: saved.version, loaded } };
  }
}

function fail(code: RunError['code'], message: string, nodeId: string, details?: Record<string, unknown>): { ok: false; error: RunError } {
  return { ok: false, error: runError(code, message, { nodeId, ...(details ? { details } : {}) }) };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
