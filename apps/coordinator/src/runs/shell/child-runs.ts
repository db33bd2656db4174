import { Inject, Injectable } from '@nestjs/common';
import { RunStore } from './run-store';
import { RunNodes } from './run-nodes';
import type { NodeRunRow, RunRow } from '@runtime-hub/db';
import { ExpressionLimitError, type ExpressionSandbox } from '@runtime-hub/expressions';
import { jsonataBoolean } from '@runtime-hub/graph';
import type { WorkflowNode } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { EXPRESSION_SANDBOX } from '../../expressions/expressions.module';
import { LOGGER, type Logger } from '../../logging/logger';
import { DatabaseService } from '../../persistence/database.service';
import { childRunId, childRunIdPrefix, childRunIndex } from '../core/child-run-id';
import { ChildRunPlanner, type ChildRunConfig } from './child-run.planner';
import { buildScope } from '../core/expression-scope';
import { decideForeach } from '../core/foreach.schedule';
import { expressionLimitError } from '../core/node-config.resolver';
import { nodeDefinitionOf } from '../core/node-targets';
import { NodeTransitions } from './node-transitions';
import { decideRepeat } from '../core/repeat.decision';
import { RunDefinitions } from '../adapters/run-definitions';
import { runError } from '../core/run-errors';
import { runOutputs } from '../core/run-outputs';
import { RunTransactions, type LockedRun } from './run-transactions';
import { RunsRepository } from '../adapters/runs.repository';
import { decide } from '../core/engine/decide';
import { childRunFailed } from '../core/engine/decide.child-run';
import { clockOnly } from '../core/engine/decision';
import { applyDecision } from './engine-patches.applier';

interface Child {
  readonly index: number;
  readonly run: RunRow;
}

/** Where a repeat's `until` sits, named in its errors. */
const UNTIL_PATH = ['config', 'until'];

/** Failed iterations named one by one in a foreach's error; details carry them all. */
const FAILED_ITERATIONS_IN_MESSAGE = 20;

/**
 * Child runs of `workflow.call`, `foreach` and `repeat` (README "Child runs"). A child run is
 * a normal run with `parent_run_id` / `parent_node_id` and trigger `parent`; its id says which
 * attempt of the node and which iteration it is (child-run-id.ts).
 *
 * begin(run, node, attempt) — the node was just marked running:
 * 1. plan the children outside any transaction (ChildRunPlanner: config, child workflow,
 *    inputs); a plan that fails fails the node;
 * 2. under the parent's lock: write the children as `pending` runs — every item of a
 *    `foreach`, the first iteration of a `repeat`, the one child of a `workflow.call` — then
 *    sync. An empty `foreach` succeeds at once.
 *
 * sync(run, node) — a child finished, or the reconciler looks; under the parent's lock:
 * - workflow.call: the child finished -> `{ runId, status, outputs }`, or CHILD_RUN_FAILED;
 * - foreach: start pending children up to `concurrency` (decideForeach); all finished ->
 *   `{ count, results }` in item order, or CHILD_RUN_FAILED naming the failed indexes;
 * - repeat: the last iteration finished -> evaluate `until` over `{ iteration, last }`
 *   (decideRepeat): done `{ iterations, last }`, the next iteration, MAX_ITERATIONS or
 *   CHILD_RUN_FAILED.
 * Starting a child = `pending` -> `running` plus its node rows, then advancing it (a
 * follow-up after the commit). A settled node advances the parent.
 */
@Injectable()
export class ChildRuns {
  // The parts of RunStore (and RunNodes) this phase uses, under the names its steps read.
  private readonly database: DatabaseService;
  private readonly transactions: RunTransactions;
  private readonly runs: RunsRepository;
  private readonly definitions: RunDefinitions;
  private readonly transitions: NodeTransitions;

  constructor(
    @Inject(RunStore) store: RunStore,
    @Inject(RunNodes) nodes: RunNodes,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(ChildRunPlanner) private readonly planner: ChildRunPlanner,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(EXPRESSION_SANDBOX) private readonly expressions: ExpressionSandbox,
  ) {
    this.database = store.database;
    this.transactions = store.transactions;
    this.runs = store.runs;
    this.definitions = store.definitions;
    this.transitions = nodes.transitions;
  }

  async begin(runId: string, nodeId: string, attempt: number): Promise<void> {
    const db = this.database.db;
    const parent = await this.runs.findRun(db, runId);
    const row = await this.runs.nodeRun(db, runId, nodeId);
    if (!parent || parent.status !== 'running' || !row || row.status !== 'running' || row.attempt !== attempt) return;
    if ((await this.runs.childRuns(db, runId, nodeId, childRunIdPrefix(runId, nodeId, attempt))).length > 0) {
      await this.sync(runId, nodeId);
      return;
    }

    // 1. plan outside any transaction
    const loaded = await this.definitions.load(db, parent.workflowId, parent.workflowVersion);
    const node = loaded.graph.node(nodeId);
    const definition = node && nodeDefinitionOf(node.type);
    if (!node || !definition) return;
    const plan = await this.planner.plan(parent, await this.runs.nodeRuns(db, runId), node, definition, attempt);

    // 2. write the children under the parent's lock
    await this.transactions.withRun(runId, async (locked) => {
      const current = await this.runs.nodeRun(locked.tx, runId, nodeId);
      if (locked.run.status !== 'running' || !current || current.status !== 'running' || current.attempt !== attempt) return;
      if (!plan.ok) {
        await this.settleAndAdvance(locked, current, { status: 'failed', error: plan.error });
        return;
      }
      if (node.type === 'foreach' && plan.inputs.length === 0) {
        await this.settleAndAdvance(locked, current, { status: 'succeeded', output: { count: 0, results: [] } });
        return;
      }
      const now = new Date();
      const written = node.type === 'foreach' ? plan.inputs : plan.inputs.slice(0, 1);
      await this.runs.insertRuns(
        locked.tx,
        written.map((inputs, index) => ({
          id: childRunId(runId, nodeId, attempt, index),
          workflowId: plan.source.workflowId,
          workflowVersion: plan.source.version,
          workflowName: plan.source.loaded.definition.name,
          status: 'pending' as const,
          trigger: 'parent' as const,
          // A child runs with its parent's priority and on its parent's hosts.
          priority: locked.run.priority,
          targetOverride: locked.run.targetOverride,
          inputs,
          parentRunId: runId,
          parentNodeId: nodeId,
          createdAt: now,
        })),
      );
      for (let count = 0; count < written.length; count += 1) locked.effects.runReached('pending');
      await this.syncLocked(locked, nodeId);
    });
  }

  async sync(runId: string, nodeId: string): Promise<void> {
    await this.transactions.withRun(runId, (locked) => this.syncLocked(locked, nodeId));
  }

  async syncLocked(locked: LockedRun, nodeId: string): Promise<void> {
    const { tx, run } = locked;
    if (run.status !== 'running') return;
    const row = await this.runs.nodeRun(tx, run.id, nodeId);
    if (!row || row.status !== 'running') return;
    const prefix = childRunIdPrefix(run.id, nodeId, row.attempt);
    const children = (await this.runs.childRuns(tx, run.id, nodeId, prefix))
      .map((child) => ({ index: childRunIndex(child.id, prefix), run: child }))
      .filter((child): child is Child => child.index !== null)
      .sort((a, b) => a.index - b.index);
    // No children yet: begin has not written them (the reconciler begins again).
    if (children.length === 0) return;

    const loaded = await this.definitions.load(tx, run.workflowId, run.workflowVersion);
    const node = loaded.graph.node(nodeId);
    const definition = node && nodeDefinitionOf(node.type);
    if (!node || !definition) return;
    const resolved = await this.planner.resolveConfig(run, await this.runs.nodeRuns(tx, run.id), node, definition, row.attempt, ['items', 'inputs']);
    if (!resolved.ok) {
      await this.settleAndAdvance(locked, row, { status: 'failed', error: resolved.error });
      return;
    }

    switch (node.type) {
      case 'foreach':
        return this.syncForeach(locked, row, resolved.config, children);
      case 'repeat':
        return this.syncRepeat(locked, row, node, resolved.config, children);
      default:
        return this.syncCall(locked, row, children);
    }
  }

  /** `workflow.call`: decided by core/engine decide.child-run.ts once the child finished. */
  private async syncCall(locked: LockedRun, row: NodeRunRow, children: readonly Child[]): Promise<void> {
    const [child] = children;
    if (!child) return;
    if (child.run.status === 'pending') return this.startChild(locked, child.run);
    if (child.run.status === 'running') return;
    const outputs = child.run.status === 'succeeded' ? ((await this.outputsOf(locked, [child.run])).get(child.run.id) ?? {}) : {};
    const decision = decide({ type: 'child-run-finished', nodeId: row.nodeId, child: child.run, outputs }, { run: locked.run, nodes: [row] }, clockOnly(new Date()));
    const applied = await applyDecision(locked, decision, { runs: this.runs });
    const settled = applied.nodes.get(row.nodeId);
    if (settled) this.logger.debug({ runId: row.runId, nodeId: row.nodeId, status: settled.status }, 'child-run node settled');
  }

  private async syncForeach(locked: LockedRun, row: NodeRunRow, config: ChildRunConfig, children: readonly Child[]): Promise<void> {
    const decision = decideForeach(
      children.map((child) => ({ index: child.index, status: child.run.status })),
      config.concurrency ?? 1,
    );
    if (decision.kind === 'continue') {
      for (const index of decision.start) {
        const child = children.find((candidate) => candidate.index === index);
        if (child) await this.startChild(locked, child.run);
      }
      return;
    }
    if (decision.failedIndexes.length > 0) {
      const failed = children.filter((child) => decision.failedIndexes.includes(child.index));
      const named = failed.slice(0, FAILED_ITERATIONS_IN_MESSAGE).map((child) => `[${child.index}] ${child.run.status}${child.run.error ? `: ${child.run.error.message}` : ''}`);
      const more = failed.length > FAILED_ITERATIONS_IN_MESSAGE ? `; and ${failed.length - FAILED_ITERATIONS_IN_MESSAGE} more` : '';
      const error = runError('CHILD_RUN_FAILED', `${failed.length} of ${children.length} iterations failed (indexes ${decision.failedIndexes.join(', ')}): ${named.join('; ')}${more}`, {
        nodeId: row.nodeId,
        details: { failedIndexes: [...decision.failedIndexes], runIds: failed.map((child) => child.run.id) },
      });
      return this.settleAndAdvance(locked, row, { status: 'failed', error });
    }
    const outputs = await this.outputsOf(locked, children.map((child) => child.run));
    const results = children.map((child) => outputs.get(child.run.id) ?? {});
    return this.settleAndAdvance(locked, row, { status: 'succeeded', output: { count: children.length, results } });
  }

  private async syncRepeat(locked: LockedRun, row: NodeRunRow, node: WorkflowNode, config: ChildRunConfig, children: readonly Child[]): Promise<void> {
    const last = children[children.length - 1];
    if (!last) return;
    if (last.run.status === 'pending') return this.startChild(locked, last.run);
    if (last.run.status === 'running') return;

    const iteration = last.index + 1;
    const succeeded = last.run.status === 'succeeded';
    const outputs = succeeded ? ((await this.outputsOf(locked, [last.run])).get(last.run.id) ?? {}) : {};
    let untilHolds = false;
    if (succeeded) {
      const scope = { ...buildScope(locked.run, []), iteration, last: outputs };
      try {
        untilHolds = jsonataBoolean(await this.expressions.evaluate(config.until ?? 'true', scope, { path: UNTIL_PATH }));
      } catch (error) {
        if (error instanceof ExpressionLimitError) return this.settleAndAdvance(locked, row, { status: 'failed', error: expressionLimitError(node.id, error) });
        const message = error instanceof Error ? error.message : String(error);
        return this.settleAndAdvance(locked, row, { status: 'failed', error: runError('TEMPLATE_ERROR', message, { nodeId: node.id, details: { expression: config.until ?? '' } }) });
      }
    }
    const maxIterations = config.maxIterations ?? this.config.nodes.maxIterationsCap;
    const decision = decideRepeat({ iteration, childSucceeded: succeeded, untilHolds, maxIterations });
    switch (decision.kind) {
      case 'child-failed':
        return this.settleAndAdvance(locked, row, { status: 'failed', error: childRunFailed(row.nodeId, last.run, iteration) });
      case 'done':
        return this.settleAndAdvance(locked, row, { status: 'succeeded', output: { iterations: iteration, last: outputs } });
      case 'max-iterations':
        return this.settleAndAdvance(locked, row, {
          status: 'failed',
          error: runError('MAX_ITERATIONS', `until did not hold after ${iteration} iterations (maxIterations ${maxIterations})`, {
            nodeId: row.nodeId,
            details: { iterations: iteration, last: outputs },
          }),
        });
      case 'next': {
        const id = childRunId(locked.run.id, row.nodeId, row.attempt, decision.iteration - 1);
        await this.runs.insertRuns(locked.tx, [
          {
            id,
            workflowId: last.run.workflowId,
            workflowVersion: last.run.workflowVersion,
            workflowName: last.run.workflowName,
            status: 'pending',
            trigger: 'parent',
            priority: locked.run.priority,
            targetOverride: locked.run.targetOverride,
            inputs: last.run.inputs,
            parentRunId: locked.run.id,
            parentNodeId: row.nodeId,
            createdAt: new Date(),
          },
        ]);
        locked.effects.runReached('pending');
        const next = await this.runs.findRun(locked.tx, id);
        if (next) await this.startChild(locked, next);
        return;
      }
    }
  }

  /** pending -> running, with its node rows; advanced after the parent's commit. */
  private async startChild(locked: LockedRun, child: RunRow): Promise<void> {
    const { tx, effects } = locked;
    const loaded = await this.definitions.load(tx, child.workflowId, child.workflowVersion);
    const started = await this.runs.updateRun(tx, child.id, { status: 'running', startedAt: new Date() }, ['pending']);
    if (!started) return;
    await this.runs.insertNodeRuns(
      tx,
      loaded.definition.nodes.map((node) => ({ runId: child.id, nodeId: node.id, type: node.type, status: 'pending' as const, attempt: 0 })),
    );
    effects.runChanged(child.id);
    effects.runReached('running');
    effects.followUp({ kind: 'advance', runId: child.id });
  }

  /** Each finished child's outputs (its succeeded leaves), by child id. */
  private async outputsOf(locked: LockedRun, children: readonly RunRow[]): Promise<Map<string, Record<string, unknown>>> {
    const rows = await this.runs.nodeRunsOfRuns(locked.tx, children.map((child) => child.id));
    const outputs = new Map<string, Record<string, unknown>>();
    for (const child of children) {
      const loaded = await this.definitions.load(locked.tx, child.workflowId, child.workflowVersion);
      outputs.set(child.id, runOutputs(loaded.definition, rows.filter((row) => row.runId === child.id)));
    }
    return outputs;
  }

  private async settleAndAdvance(locked: LockedRun, row: NodeRunRow, settlement: Parameters<NodeTransitions['settle']>[2]): Promise<void> {
    const settled = await this.transitions.settle(locked, row, settlement);
    if (settled) {
      locked.effects.followUp({ kind: 'advance', runId: row.runId });
      this.logger.debug({ runId: row.runId, nodeId: row.nodeId, status: settled.status }, 'child-run node settled');
    }
  }
}
