import { executionOf } from '@runtime-hub/nodes';
import type { NodeRunRow, RunRow } from '@runtime-hub/db';
import { idempotencyKey, type BundledStep, type NodeDefinition, type UpstreamNode, type WorkflowNode } from '@runtime-hub/protocol';
import type { AgentDirectory } from '../../agents/agents.ports';
import type { LoadedDefinition } from '../adapters/run-definitions';
import type { EffectiveNodeOptions } from '../core/node-options';
import { isFanOut, nodeDefinitionOf } from '../core/node-targets';
import { agentTakesStep, chainAfter, holdsTemplate } from '../core/task-bundle';
import { expressionTexts } from '../core/upstream-selection';
import type { PrepareInput } from './node-preparer';

/** What the bundler asks of the node preparer: a node's options and the upstream its task carries. */
export interface StepParts {
  options(node: WorkflowNode, loaded: LoadedDefinition, run: Pick<RunRow, 'targetOverride'>): EffectiveNodeOptions;
  upstreamOf(input: Pick<PrepareInput, 'loaded' | 'node' | 'rows'>, definition: NodeDefinition): Record<string, UpstreamNode>;
}

/**
 * The steps a node's task carries after its own (core/task-bundle.ts): the chain after it by
 * the graph, each while
 *
 *   1. an agent runs it (not a control node the coordinator decides, not a child run), on a
 *      worker;
 *   2. its config holds no template and its fields no expression (what the agent runs is
 *      final now: it needs nothing of the step before but its state) and passes its schema;
 *   3. the task's agent would be a valid choice for it on its own (agentTakesStep).
 *
 * Asked without the database (the directory's online agents), so it answers inside an engine
 * transaction too.
 */
export class NodeBundler {
  constructor(
    private readonly maxSteps: number,
    private readonly directory: Pick<AgentDirectory, 'onlineAgents'>,
    private readonly parts: StepParts,
  ) {}

  async stepsAfter(input: PrepareInput, agentId: string): Promise<BundledStep[]> {
    if (this.maxSteps === 0) return [];
    const statuses = rowsById(input.rows);
    const chain = chainAfter(input.loaded.graph, input.node.id, (nodeId) => statuses().get(nodeId)?.status, this.maxSteps);
    if (chain.length === 0) return [];
    const agent = (await this.directory.onlineAgents()).find((candidate) => candidate.id === agentId);
    if (!agent) return [];

    const steps: BundledStep[] = [];
    for (const node of chain) {
      const definition = nodeDefinitionOf(node.type);
      // 1.
      if (!definition || definition.runsOn !== 'agent' || executionOf(node) !== 'agent') break;
      // 2.
      if (holdsTemplate(node.config) || expressionTexts(node.config, definition.expressionFields).length > 0) break;
      const parsed = definition.configSchema.safeParse(node.config);
      if (!parsed.success) break;
      // 3.
      const options = this.parts.options(node, input.loaded, input.run);
      if (isFanOut(options.target) || !agentTakesStep(agent, options.target, definition.requiredCapabilities(parsed.data))) break;
      steps.push({
        nodeId: node.id,
        nodeType: node.type,
        attempt: (statuses().get(node.id)?.attempt ?? 0) + 1,
        idempotencyKey: idempotencyKey(input.run.id, node.id),
        config: node.config,
        timeoutMs: options.timeoutMs,
        upstream: this.parts.upstreamOf({ loaded: input.loaded, node, rows: input.rows }, definition),
      });
    }
    return steps;
  }
}

/**
 * The rows by node id, built once per array of rows and only when a chain gets that far: every
 * ready node of one advance is prepared over the same rows, and a map per node made a
 * 10,000-node start quadratic.
 */
const byRows = new WeakMap<readonly NodeRunRow[], ReadonlyMap<string, NodeRunRow>>();

function rowsById(rows: readonly NodeRunRow[]): () => ReadonlyMap<string, NodeRunRow> {
  return () => {
    const known = byRows.get(rows);
    if (known) return known;
    const built = new Map(rows.map((row) => [row.nodeId, row]));
    byRows.set(rows, built);
    return built;
  };
}
