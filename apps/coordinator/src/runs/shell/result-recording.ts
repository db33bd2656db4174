import type { NodeRunRow } from '@runtime-hub/db';
import { isTerminalNodeRunStatus, type NodeResult } from '@runtime-hub/protocol';
import type { CoordinatorConfig } from '../../config/coordinator.config';
import type { NodeTasksRepository } from '../adapters/node-tasks.repository';
import type { LoadedDefinition, RunDefinitions } from '../adapters/run-definitions';
import type { RunQueries } from '../adapters/run-queries';
import type { RunsRepository } from '../adapters/runs.repository';
import { decide } from '../core/engine/decide';
import { foldRunEnd } from '../core/engine/fold-run-end';
import type { Decision, EngineContext, Request, RunSnapshot } from '../core/engine/engine.types';
import type { AgentAvoidHints } from './agent-avoid-hints';
import { applyDecision, type PatchStores } from './engine-patches.applier';
import type { NodePreparer } from './node-preparer';
import { COMMITTED_ROWS_MAX_NODES, type CommittedRun } from './run-advancer';
import type { LockedRun } from './run-transactions';

/** What a transaction of results tells the advance after it: its rows (one result), or that the run is wide. */
export interface Committed {
  run?: CommittedRun;
  /** More than COMMITTED_ROWS_MAX_NODES nodes: its advances are spaced (RunAdvanceQueue). */
  wide?: boolean;
  /** The result's statement ended the run (its last node settled): no advance after it. */
  ended?: boolean;
}

/** Node rows a result's transaction read before the result is recorded: a batch's own rows, or a narrow run's rows read with its lock. */
export interface KnownRows {
  readonly batchRows?: Map<string, NodeRunRow>;
  readonly rowsAtLock?: readonly NodeRunRow[];
}

/** Why a result was not recorded, or that it was. */
export type Recorded = { readonly recorded: true } | { readonly recorded: false; readonly why: string };

export interface ResultRecordingDeps {
  readonly config: CoordinatorConfig;
  readonly runs: RunsRepository;
  readonly tasks: NodeTasksRepository;
  readonly queries: RunQueries;
  readonly definitions: RunDefinitions;
  readonly preparer: NodePreparer;
  readonly avoidHints: AgentAvoidHints;
}

/**
 * Steps 2-5 of "Record a result" for one result, under the run's lock: read what the decision
 * needs (the run's rows when it is narrow, else the one node row — no task: the write is
 * fenced by the database), decide (core/engine decide.result.ts), write the patches, then do
 * what the decision asked of the shell — prepare the next attempt's task (templates in the
 * sandbox) or read a fan-out node's cells — and decide and write again.
 */
export class ResultRecording {
  private readonly stores: PatchStores;

  constructor(private readonly deps: ResultRecordingDeps) {
    this.stores = { runs: deps.runs, tasks: deps.tasks, hints: deps.avoidHints };
  }

  /**
   * The node rows of a batch's results, read in one statement under the lock (ResultRecorder's
   * group commit): each result of a batch changes only its own node, so a row read here is
   * what that node's first result in the batch would read itself.
   */
  async readNodesOf(locked: LockedRun, results: readonly NodeResult[]): Promise<Map<string, NodeRunRow>> {
    const nodeIds = [...new Set(results.map((result) => result.nodeId))];
    const rows = await this.deps.runs.nodeRunsOf(locked.tx, locked.run.id, nodeIds);
    return new Map(rows.map((row) => [row.nodeId, row]));
  }

  /**
   * `committed.run` is set when the result settled a single-task node: the run's rows as this
   * transaction leaves them. `known.batchRows` (readNodesOf): the node's row, which each result
   * puts back as it leaves it (its own writes' row), so the next result of the same node (a
   * fan-out's cells) reads nothing; after a retry or a fan-out's end it is read again.
   * `known.rowsAtLock`: a narrow run's rows read with its lock, for the transaction's only
   * result (nothing written since); read here otherwise.
   */
  async record(locked: LockedRun, result: NodeResult, committed: Committed, known: KnownRows = {}): Promise<Recorded> {
    const { tx, run } = locked;
    const loaded = await this.deps.definitions.load(tx, run.workflowId, run.workflowVersion);
    const narrow = loaded.graph.topologicalOrder.length <= COMMITTED_ROWS_MAX_NODES;
    if (!narrow) committed.wide = true;
    const fromBatch = known.batchRows?.get(result.nodeId);
    known.batchRows?.delete(result.nodeId);
    const rows = !fromBatch && narrow ? (known.rowsAtLock ?? (await this.deps.runs.nodeRuns(tx, run.id))) : undefined;
    const row = fromBatch ?? (rows ? rows.find((candidate) => candidate.nodeId === result.nodeId) : await this.deps.runs.nodeRun(tx, run.id, result.nodeId));
    if (!loaded.graph.node(result.nodeId) || !row) return { recorded: false, why: 'the run has no such node' };

    // The next result of the same node in the batch (a fan-out's cells) decides on the row as
    // this one leaves it; after work a request did (a retry, the fan-out's end) it reads it again.
    const leave = (current: NodeRunRow): void => void known.batchRows?.set(result.nodeId, current);
    const snapshot: RunSnapshot = { run, nodes: [row] };
    const context = this.contextOf(loaded, locked);
    const decided = decide({ type: 'result', result }, snapshot, context);
    // The transaction's only result, on rows read with the lock: when it settles the run's last
    // node, the run's end goes in the settle's statement (core/engine fold-run-end.ts).
    const decision = known.rowsAtLock ? foldRunEnd(decided, loaded.graph, run, known.rowsAtLock, context.now) : decided;
    if (decision.ignored !== undefined) {
      leave(row);
      return { recorded: false, why: decision.ignored };
    }
    // A folded decision is the transaction's last write when the transaction records this result only (locked.end).
    const applied = await applyDecision(locked, decision, this.stores, decision !== decided ? locked.end : undefined);
    if (!applied.applied) {
      leave(row);
      return { recorded: false, why: 'duplicate, late or superseded' };
    }
    if (applied.requests.length === 0) leave(applied.nodes.get(result.nodeId) ?? row);
    await this.carryOut(locked, loaded, applied.requests, snapshot, context);

    const settled = applied.nodes.get(result.nodeId);
    if (applied.run) committed.ended = true;
    else if (settled && rows && isTerminalNodeRunStatus(settled.status)) {
      committed.run = { run, rows: rows.map((candidate) => (candidate.nodeId === settled.nodeId ? settled : candidate)) };
    }
    return { recorded: true };
  }

  private contextOf(loaded: LoadedDefinition, locked: LockedRun): EngineContext {
    return {
      now: new Date(),
      optionsOf: (nodeId) => {
        const node = loaded.graph.node(nodeId);
        return node ? this.deps.preparer.options(node, loaded, locked.run) : undefined;
      },
      limits: { maxOutputBytes: this.deps.config.nodes.maxOutputBytes, maxAgentLosses: this.deps.config.runs.taskMaxAgentLosses },
    };
  }

  /** The work a decision asked of the shell, each followed by its own decision. */
  private async carryOut(locked: LockedRun, loaded: LoadedDefinition, requests: readonly Request[], snapshot: RunSnapshot, context: EngineContext): Promise<void> {
    for (const request of requests) {
      const decision = await this.eventFor(locked, loaded, request, snapshot, context);
      if (decision) await applyDecision(locked, decision, this.stores);
    }
  }

  private async eventFor(locked: LockedRun, loaded: LoadedDefinition, request: Request, snapshot: RunSnapshot, context: EngineContext): Promise<Decision | undefined> {
    const { tx, run } = locked;
    switch (request.kind) {
      case 'prepare-retry': {
        const node = loaded.graph.node(request.nodeId);
        if (!node) return undefined;
        const rows: NodeRunRow[] = await this.deps.runs.nodeRuns(tx, run.id);
        const built = await this.deps.preparer.tasksFor({ run, loaded, node, rows, attempt: request.attempt }, [request.agentId]);
        return decide({ type: 'retry-prepared', request, built }, snapshot, { ...context, now: new Date() });
      }
      case 'settle-fan-out': {
        const cells = await this.deps.tasks.tasksOfNode(tx, run.id, request.nodeId);
        const names = await this.deps.queries.agentNames(tx, cells.map((cell) => cell.agentId));
        const named = cells.map((cell) => ({
          agentId: cell.agentId,
          agentName: names.get(cell.agentId) ?? cell.agentId,
          status: cell.status,
          output: cell.output,
          error: cell.error,
          startedAt: cell.startedAt,
          finishedAt: cell.finishedAt,
        }));
        return decide({ type: 'fan-out-closed', nodeId: request.nodeId, cells: named }, snapshot, { ...context, now: new Date() });
      }
      case 'record-failure':
        // Only lost agents and deadlines ask for it, and they are recorded through ResultRecorder.
        return undefined;
      case 'record-step':
        // Only a bundle's steps ask for it, recorded by bundle-recording.ts.
        return undefined;
    }
  }
}
