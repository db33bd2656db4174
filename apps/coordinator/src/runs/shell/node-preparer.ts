import { Inject, Injectable } from '@nestjs/common';
import type { NodeRunRow, RunRow } from '@runtime-hub/db';
import type { NodeDefinition, NodeTask, RunError, UpstreamNode, WorkflowNode } from '@runtime-hub/protocol';
import { AGENT_DIRECTORY, type AgentDirectory } from '../../agents/agents.ports';
import type { ExpressionSandbox } from '@runtime-hub/expressions';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { EXPRESSION_SANDBOX } from '../../expressions/expressions.module';
import { newPlaceholderNonce, protectSecretReferences } from '../../secrets/secret-placeholders';
import { buildScope } from '../core/expression-scope';
import { resolveNodeConfig } from '../core/node-config.resolver';
import { effectiveNodeOptions, type EffectiveNodeOptions } from '../core/node-options';
import { buildNodeTask } from '../core/node-task.builder';
import { isFanOut, nodeDefinitionOf } from '../core/node-targets';
import type { LoadedDefinition } from '../adapters/run-definitions';
import { runError } from '../core/run-errors';
import { expressionTexts, selectUpstream, type UpstreamState } from '../core/upstream-selection';
import { NodeBundler } from './node-bundler';

export interface PrepareInput {
  readonly run: RunRow;
  readonly loaded: LoadedDefinition;
  readonly node: WorkflowNode;
  /** The run's node rows the preparation is based on. */
  readonly rows: readonly NodeRunRow[];
  /** The attempt the tasks get. */
  readonly attempt: number;
  /** Agents to pass over when others match (the one that was just lost). */
  readonly avoid?: readonly string[];
}

/** What dispatching a ready (or waiting) agent node comes to, decided outside any transaction. */
export type Preparation =
  | { readonly kind: 'failed'; readonly error: RunError }
  | { readonly kind: 'waiting'; readonly reason: string }
  | { readonly kind: 'dispatch'; readonly tasks: readonly NodeTask[]; readonly fanOut: boolean };

/**
 * The rows as upstream states, built once per array of rows: every ready node of one advance
 * is prepared over the same rows, and a map per node made a 10,000-node start quadratic.
 */
const statesByRows = new WeakMap<readonly NodeRunRow[], ReadonlyMap<string, UpstreamState>>();

function upstreamStates(rows: readonly NodeRunRow[]): ReadonlyMap<string, UpstreamState> {
  const known = statesByRows.get(rows);
  if (known) return known;
  const states = new Map<string, UpstreamState>(rows.map((row) => [row.nodeId, { status: row.status, port: row.port, output: row.output }]));
  statesByRows.set(rows, states);
  return states;
}

/**
 * Turns a ready agent node into tasks:
 *
 * 1. put placeholders where its `{{ secrets.NAME }}` templates stand (their values are filled
 *    in only when the task is sent to its agent: secrets/task-secrets.ts), resolve its other
 *    templates over `{ inputs, nodes, run }` and check the result against the node type's
 *    schema (failure: TEMPLATE_ERROR / CONFIG_INVALID);
 * 2. ask the agent directory for agents: the effective target, the capabilities the
 *    definition requires for this config, a Python agent for `python-agent` nodes;
 * 3. no agent: the node waits with the directory's reason; else one task per agent
 *    (fan-out: every agent; otherwise the one chosen), each with the node's timeout, the
 *    run's inputs and the upstream outputs it may evaluate;
 * 4. a single task carries, as its bundle, the nodes after it its agent can run too
 *    (node-bundler.ts).
 *
 * The directory is asked outside the engine's transactions: it may query the database
 * itself, which on the embedded database would wait for the open transaction forever. Inside
 * one (the advance in a result's transaction), only what it knows without the database is
 * used, and a node it cannot answer for is left to the advance after the commit.
 */
@Injectable()
export class NodePreparer {
  private readonly bundler: NodeBundler;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
    @Inject(EXPRESSION_SANDBOX) private readonly expressions: ExpressionSandbox,
  ) {
    this.bundler = new NodeBundler(config.runs.taskBundleMaxSteps, directory, this);
  }

  /** The node's options in this run: the run's target override (a schedule's labels, a batch's host) wins. */
  options(node: WorkflowNode, loaded: LoadedDefinition, run: Pick<RunRow, 'targetOverride'>): EffectiveNodeOptions {
    const defaults = { timeoutMs: this.config.nodes.timeoutMs, retry: this.config.nodes.retry };
    return effectiveNodeOptions(node, loaded.definition, defaults, run.targetOverride ?? undefined);
  }

  /**
   * `withinTransaction`: the caller holds an engine transaction open, so the directory answers
   * without the database; undefined when it cannot (the node is left to an advance outside).
   */
  async prepare(input: PrepareInput): Promise<Preparation>;
  async prepare(input: PrepareInput, mode: { withinTransaction: true }): Promise<Preparation | undefined>;
  async prepare(input: PrepareInput, mode: { withinTransaction?: boolean } = {}): Promise<Preparation | undefined> {
    const definition = nodeDefinitionOf(input.node.type);
    if (!definition) return { kind: 'failed', error: runError('INTERNAL', `node type "${input.node.type}" is not in the catalogue`, { nodeId: input.node.id }) };

    // 1. secret placeholders, templates and config schema
    const secrets = protectSecrets(input.node);
    const resolved = await resolveNodeConfig(this.expressions, secrets.node, definition, () => buildScope(input.run, input.rows, input.attempt));
    if (!resolved.ok) return { kind: 'failed', error: resolved.error };

    // 2. agents
    const options = this.options(input.node, input.loaded, input.run);
    const request = {
      target: options.target,
      capabilities: definition.requiredCapabilities(resolved.parsed),
      agentKind: definition.runsOn === 'python-agent' ? ('python' as const) : ('worker' as const),
      ...(input.avoid && input.avoid.length > 0 ? { avoid: input.avoid } : {}),
    };
    const selection = mode.withinTransaction ? await this.directory.selectWithoutDatabase(request) : await this.directory.select(request);
    if (!selection) return undefined;
    if (selection.kind === 'waiting') return { kind: 'waiting', reason: selection.reason };

    // 3. tasks
    const fanOut = isFanOut(options.target);
    const agents = fanOut ? selection.agents : selection.agents.slice(0, 1);
    if (agents.length === 0) return { kind: 'waiting', reason: 'no online agent matches the target' };
    const tasks = agents.map((agent) => this.task(input, definition, options, resolved.config, agent.id, secrets.refs));
    return { kind: 'dispatch', tasks: fanOut ? tasks : await this.withBundle(input, tasks), fanOut };
  }

  /** 4. a single task carries the nodes after it that its agent can run too (node-bundler.ts). */
  private async withBundle(input: PrepareInput, [task]: readonly NodeTask[]): Promise<NodeTask[]> {
    if (!task) return [];
    const steps = await this.bundler.stepsAfter(input, task.agentId);
    return [steps.length > 0 ? { ...task, bundle: steps } : task];
  }

  /**
   * Tasks for agents already chosen (a retry on the same agent): steps 1 and 3 only, inside
   * a transaction, since nothing here touches the database.
   */
  async tasksFor(input: PrepareInput, agentIds: readonly string[]): Promise<{ ok: true; tasks: NodeTask[] } | { ok: false; error: RunError }> {
    const definition = nodeDefinitionOf(input.node.type);
    if (!definition) return { ok: false, error: runError('INTERNAL', `node type "${input.node.type}" is not in the catalogue`, { nodeId: input.node.id }) };
    const secrets = protectSecrets(input.node);
    const resolved = await resolveNodeConfig(this.expressions, secrets.node, definition, () => buildScope(input.run, input.rows, input.attempt));
    if (!resolved.ok) return resolved;
    const options = this.options(input.node, input.loaded, input.run);
    return { ok: true, tasks: agentIds.map((agentId) => this.task(input, definition, options, resolved.config, agentId, secrets.refs)) };
  }

  /**
   * The upstream nodes a task of this node carries (upstream-selection.ts): what its executor
   * may evaluate expressions over, on an agent or in the coordinator alike.
   */
  upstreamOf(input: Pick<PrepareInput, 'loaded' | 'node' | 'rows'>, definition: NodeDefinition): Record<string, UpstreamNode> {
    const { graph } = input.loaded;
    const states = upstreamStates(input.rows);
    const expressions = expressionTexts(input.node.config, definition.expressionFields);
    return selectUpstream({
      directPredecessors: graph.incoming(input.node.id).map((edge) => edge.from),
      // Without expressions no transitive upstream node can be named: not walked (a chain's nth node has n-1).
      transitiveUpstream: expressions.length > 0 ? graph.upstreamOf(input.node.id) : [],
      expressions,
      states,
    });
  }

  private task(
    input: PrepareInput,
    definition: NodeDefinition,
    options: EffectiveNodeOptions,
    config: Record<string, unknown>,
    agentId: string,
    secretRefs: NodeTask['secretRefs'],
  ): NodeTask {
    const upstream = this.upstreamOf(input, definition);
    return buildNodeTask({
      runId: input.run.id,
      nodeId: input.node.id,
      nodeType: input.node.type,
      agentId,
      attempt: input.attempt,
      config,
      timeoutMs: options.timeoutMs,
      inputs: input.run.inputs,
      upstream,
      fanOut: isFanOut(options.target),
      priority: input.run.priority,
      ...(secretRefs ? { secretRefs } : {}),
    });
  }
}

/** The node with placeholders for its secret templates, and what the delivery needs to fill them. */
function protectSecrets(node: WorkflowNode): { node: WorkflowNode; refs: NodeTask['secretRefs'] } {
  const nonce = newPlaceholderNonce();
  const { value: config, names } = protectSecretReferences(node.config, nonce);
  return names.length === 0 ? { node, refs: undefined } : { node: { ...node, config }, refs: { nonce, names } };
}
