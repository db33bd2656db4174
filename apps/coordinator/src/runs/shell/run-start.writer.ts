import { Inject, Injectable } from '@nestjs/common';
import type { NodeRunRow, RunRow } from '@runtime-hub/db';
import { plan } from '@runtime-hub/graph';
import { executionOf } from '@runtime-hub/nodes';
import type { NodeTask } from '@runtime-hub/protocol';
import { NODE_ROWS_PER_START_INSERT } from '../../config/defaults';
import { LOGGER, type Logger } from '../../logging/logger';
import { insertRunWithNodes, type StartedNodeValues, type StartedRunValues } from '../adapters/run-start.statement';
import type { RunEffects } from '../core/run-effects';
import { nodeStates } from '../core/node-states';
import { dispatchRowsOf } from '../core/task-bundle';
import { COMMITTED_ROWS_MAX_NODES, RunAdvancer, type CommittedRun } from './run-advancer';
import { RunNodes } from './run-nodes';
import { RunStore } from './run-store';

/** A node of the new run as run-start.statement.ts writes it. */
type StartNode = Pick<StartedNodeValues, 'nodeId' | 'type'>;

/**
 * Steps 5 and 6 of a start (README "Start"): the run and its node rows written, then the
 * run's first advance, or, when admission decides, nothing more here.
 *
 * A narrow running run whose ready roots are all agent nodes, each prepared to a dispatch
 * (NodePreparer, outside any transaction, as an advance prepares them), is written with those
 * roots already `queued` at attempt 1 and their task rows, in the start's one statement: the run
 * does not exist before it commits, so no other writer can have changed it, and the advance's
 * lock, read, dispatch and commit would write exactly these rows. The jobs go to the queue after
 * the commit. Anything else (a control node or a child run among the roots, an agent node that
 * waits or fails) is written `pending` and left to the first advance, as before.
 */
@Injectable()
export class RunStartWriter {
  constructor(
    @Inject(RunStore) private readonly store: RunStore,
    @Inject(RunNodes) private readonly nodes: RunNodes,
    @Inject(RunAdvancer) private readonly advancer: RunAdvancer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * A running run: written, then advanced unless its roots were dispatched with it. An advance
   * that fails is logged; the run is accepted whatever happens after the write (the reconciler
   * advances it again).
   */
  async startRunning(run: StartedRunValues, nodes: readonly StartNode[]): Promise<void> {
    const dispatched = nodes.length <= COMMITTED_ROWS_MAX_NODES ? await this.rootDispatches(run, nodes) : undefined;
    const committed = await this.write(run, dispatched?.nodes ?? nodes, dispatched?.tasks ?? []);
    if (dispatched && committed) return;
    await this.advancer.advance(run.id, committed).catch((error: unknown) => this.logger.error({ err: error, runId: run.id }, 'advancing a new run failed'));
  }

  /**
   * Step 5. A narrow run's rows come back from their one statement and go to its first advance,
   * which then reads neither the run nor its nodes before it plans; a wider one is written in
   * a transaction, a statement per NODE_ROWS_PER_START_INSERT node rows (building one of 500
   * rows took up to 110 ms of the event loop on a busy host). `tasks`: the jobs of the roots
   * dispatched with a narrow run, added after the commit.
   */
  async write(run: StartedRunValues, nodes: readonly StartedNodeValues[], tasks: readonly NodeTask[] = []): Promise<CommittedRun | undefined> {
    const { runs, transactions } = this.store;
    const published = (effects: RunEffects, row: CommittedRun['run'] | undefined): void => {
      effects.runReached('pending');
      if (run.status === 'running') effects.runReached('running');
      effects.runChanged(run.id, row);
    };
    if (nodes.length <= COMMITTED_ROWS_MAX_NODES) {
      return transactions.statement(async (db, effects) => {
        const written = await insertRunWithNodes(db, run, nodes);
        published(effects, written?.run);
        if (written) {
          for (const task of tasks) effects.dispatch(task);
          for (const node of nodes) if (node.dispatch) effects.nodeChanged(run.id, node.nodeId);
        }
        return written;
      });
    }
    const nodeRows = nodes.map((node) => ({ runId: run.id, nodeId: node.nodeId, type: node.type, status: 'pending' as const, attempt: 0 }));
    await transactions.transaction(async (tx, effects) => {
      await runs.insertRuns(tx, [run]);
      for (let start = 0; start < nodeRows.length; start += NODE_ROWS_PER_START_INSERT) {
        await runs.insertNodeRuns(tx, nodeRows.slice(start, start + NODE_ROWS_PER_START_INSERT));
      }
      published(effects, undefined);
    });
    return undefined;
  }

  /**
   * The run's nodes with their roots dispatched, and the roots' tasks, when every node the
   * planner finds ready is an agent node prepared to a dispatch with at least one task;
   * undefined otherwise (the first advance then decides, prepares or fails them).
   */
  private async rootDispatches(run: StartedRunValues, nodes: readonly StartNode[]): Promise<{ nodes: StartedNodeValues[]; tasks: NodeTask[] } | undefined> {
    const loaded = await this.store.definitions.load(this.store.database.db, run.workflowId, run.workflowVersion);
    const rows = nodes.map((node) => pendingRow(run.id, node));
    const planned = plan(loaded.graph, nodeStates(rows));
    if (planned.ready.length === 0 || planned.skipped.length > 0 || planned.outcome !== null) return undefined;
    const roots = planned.ready.map((nodeId) => loaded.graph.node(nodeId));
    if (roots.some((node) => !node || executionOf(node) !== 'agent')) return undefined;
    const runRow = startedRunRow(run);
    const queuedAt = new Date();
    const dispatches = new Map<string, StartedNodeValues['dispatch']>();
    const tasks: NodeTask[] = [];
    for (const node of roots) {
      if (!node) return undefined;
      const preparation = await this.nodes.preparer.prepare({ run: runRow, loaded, node, rows, attempt: 1 });
      if (preparation.kind !== 'dispatch' || preparation.tasks.length === 0) return undefined;
      dispatches.set(node.id, { ...dispatchRowsOf(preparation), queuedAt });
      tasks.push(...preparation.tasks);
    }
    return { nodes: nodes.map((node) => ({ ...node, ...(dispatches.has(node.nodeId) ? { dispatch: dispatches.get(node.nodeId) } : {}) })), tasks };
  }
}

/** The run's row as the start's statement stores it (every column it does not write takes its default). */
function startedRunRow(run: StartedRunValues): RunRow {
  return {
    ...run,
    error: null,
    parentRunId: null,
    parentNodeId: null,
    finishedAt: null,
    cancelRequestedAt: null,
    recoveries: 0,
    cancelledBy: null,
  };
}

/** A node row as written `pending` at attempt 0. */
function pendingRow(runId: string, node: StartNode): NodeRunRow {
  return {
    runId,
    nodeId: node.nodeId,
    type: node.type,
    status: 'pending',
    attempt: 0,
    agentId: null,
    waitingReason: null,
    port: null,
    output: null,
    error: null,
    queuedAt: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    agentLosses: 0,
  };
}
