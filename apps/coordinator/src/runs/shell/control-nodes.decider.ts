import { Inject, Injectable } from '@nestjs/common';
import type { NodeRunRow } from '@runtime-hub/db';
import type { ExpressionSandbox } from '@runtime-hub/expressions';
import { plan } from '@runtime-hub/graph';
import { executionOf } from '@runtime-hub/nodes';
import { decideControlNode, type ControlDecision } from '@runtime-hub/nodes/control';
import { DEFAULT_OUTPUT_PORT, type WorkflowNode } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { EXPRESSION_SANDBOX } from '../../expressions/expressions.module';
import { buildScope } from '../core/expression-scope';
import { resolveNodeConfig } from '../core/node-config.resolver';
import { nodeDefinitionOf } from '../core/node-targets';
import { NodePreparer } from './node-preparer';
import { nodeStates } from '../core/node-states';
import type { LoadedDefinition } from '../adapters/run-definitions';
import { runError, withNodeId } from '../core/run-errors';
import type { LockedRun } from './run-transactions';
import { RunsRepository, type DecidedSettlement } from '../adapters/runs.repository';

export interface ControlDecisions {
  /** The run's node rows after the decisions, as this transaction wrote them. */
  readonly rows: NodeRunRow[];
  /** Control nodes settled in this call. */
  readonly decided: number;
  /** True when the bound stopped the loop with control nodes still ready. */
  readonly capped: boolean;
}

/** The node row as settling it writes it. */
function settled(row: NodeRunRow, settlement: DecidedSettlement): NodeRunRow {
  const { status, attempt, output, port, error, startedAt, finishedAt, durationMs } = settlement;
  return { ...row, status, attempt, output, port, error, agentId: null, waitingReason: null, queuedAt: startedAt, startedAt, finishedAt, durationMs };
}

/**
 * Control nodes decided by the coordinator (executionOf: set, condition, switch, fail with
 * no target of their own), inside the transaction of the advance that found them ready:
 *
 * 1. plan on the rows this transaction holds; mark the planner's skips;
 * 2. for each ready coordinator-decided node: resolve its config's templates in the expression
 *    sandbox (resolveNodeConfig, as for a dispatched node), build the scope an agent would
 *    get from the task (the run's inputs, the selected upstream nodes, the run id), and run
 *    the executor an agent runs (decideControlNode: same limits, same errors);
 * 3. settle it in memory at attempt + 1: `succeeded` with output and port, or `failed` with
 *    its error; no task row, no job, no agent;
 * 4. plan again on those rows: the nodes they made ready are decided in the same
 *    transaction, until none is left or `controlDecisionsPerTransaction` were decided (the
 *    caller then takes another round, in a new transaction);
 * 5. write the skips in one statement and every decision in one more
 *    (RunsRepository.settleDecided), each guarded by the status and attempt it was made for.
 *
 * Nothing is retried: a control node's outcome is a function of its config and upstream
 * outputs, which a retry would not change (its failures are non-retryable on an agent too).
 * A failure of the sandbox itself (not of the expression) throws: the transaction rolls back,
 * the nodes stay `pending`, and the next advance (the reconciler's, at the latest) decides
 * them again. So does a coordinator that dies mid-way: nothing of the decision was committed.
 */
@Injectable()
export class ControlNodesDecider {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(EXPRESSION_SANDBOX) private readonly expressions: ExpressionSandbox,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(NodePreparer) private readonly preparer: NodePreparer,
  ) {}

  async decideReady(locked: LockedRun, loaded: LoadedDefinition, rows: readonly NodeRunRow[]): Promise<ControlDecisions> {
    const limit = this.config.nodes.controlDecisionsPerTransaction;
    const current = new Map(rows.map((row) => [row.nodeId, row]));
    const skipped = new Set<string>();
    const settlements: DecidedSettlement[] = [];
    let capped = false;
    for (;;) {
      // 1. plan on the rows as this transaction will leave them; skips are written at the end
      const planned = plan(loaded.graph, nodeStates([...current.values()]));
      let newlySkipped = 0;
      for (const id of planned.skipped) {
        const row = current.get(id);
        if (row?.status !== 'pending') continue;
        skipped.add(id);
        current.set(id, { ...row, status: 'skipped', waitingReason: null });
        newlySkipped += 1;
      }
      const ready = planned.ready
        .map((id) => ({ node: loaded.graph.node(id), row: current.get(id) }))
        .filter((entry): entry is { node: WorkflowNode; row: NodeRunRow } => entry.node !== undefined && entry.row?.status === 'pending' && executionOf(entry.node) === 'coordinator');
      // nothing to decide: done, unless a skip may have made a node ready (an `any` join)
      if (ready.length === 0 && newlySkipped === 0) break;
      if (ready.length === 0) continue;

      // 2. + 3. decide each on the rows as they stood when it became ready, and settle it in memory
      const snapshot = [...current.values()];
      for (const { node, row } of ready) {
        if (settlements.length >= limit) {
          capped = true;
          break;
        }
        const settlement = await this.decideOne(locked, loaded, node, row, snapshot);
        settlements.push(settlement);
        current.set(node.id, settled(row, settlement));
      }
      if (capped) break;
      // 4. plan again
    }

    // 5. write: the skips, then every decision in one statement
    const now = new Date();
    for (const row of await this.runs.markSkipped(locked.tx, locked.run.id, [...skipped], now)) {
      current.set(row.nodeId, row);
      locked.effects.nodeChanged(locked.run.id, row.nodeId);
    }
    const written = await this.runs.settleDecided(locked.tx, locked.run.id, settlements);
    if (written.length !== settlements.length) {
      // The rows were read under the run's lock: nothing else may have changed them. Roll back; the next advance decides again.
      throw new Error(`run ${locked.run.id}: ${settlements.length - written.length} decided node(s) changed under the run's lock`);
    }
    for (const settlement of settlements) {
      locked.effects.nodeChanged(locked.run.id, settlement.nodeId);
      locked.effects.nodeFinished(current.get(settlement.nodeId)?.type ?? 'unknown', settlement.durationMs);
    }
    return { rows: [...current.values()], decided: settlements.length, capped };
  }

  private async decideOne(locked: LockedRun, loaded: LoadedDefinition, node: WorkflowNode, row: NodeRunRow, rows: readonly NodeRunRow[]): Promise<DecidedSettlement> {
    const startedAt = new Date();
    const attempt = row.attempt + 1;
    const decision = await this.decide(loaded, node, rows, locked, attempt);
    const finishedAt = new Date();
    const timing = { nodeId: node.id, expectedAttempt: row.attempt, attempt, startedAt, finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime() };
    return decision.status === 'succeeded'
      ? { ...timing, status: 'succeeded', output: decision.output ?? null, port: decision.port ?? DEFAULT_OUTPUT_PORT, error: null }
      : { ...timing, status: 'failed', output: null, port: null, error: withNodeId(decision.error, node.id) };
  }

  /** Steps 2: the config as a task would carry it, then the executor over the task's scope. */
  private async decide(loaded: LoadedDefinition, node: WorkflowNode, rows: readonly NodeRunRow[], locked: LockedRun, attempt: number): Promise<ControlDecision> {
    const definition = nodeDefinitionOf(node.type);
    if (!definition) return { status: 'failed', error: runError('INTERNAL', `node type "${node.type}" is not in the catalogue`, { nodeId: node.id }) };
    const resolved = await resolveNodeConfig(this.expressions, node, definition, () => buildScope(locked.run, rows, attempt));
    if (!resolved.ok) return { status: 'failed', error: resolved.error };
    const options = this.preparer.options(node, loaded, locked.run);
    return decideControlNode({
      nodeType: node.type,
      config: resolved.config,
      scope: { inputs: { ...locked.run.inputs }, nodes: this.preparer.upstreamOf({ loaded, node, rows }, definition), run: { id: locked.run.id } },
      expressions: this.expressions,
      timeoutMs: options.timeoutMs,
      maxOutputBytes: this.config.nodes.maxOutputBytes,
    });
  }
}
