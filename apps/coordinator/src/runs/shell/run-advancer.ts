import { Inject, Injectable } from '@nestjs/common';
import { RunStore } from './run-store';
import { RunNodes } from './run-nodes';
import type { NodeRunRow, RunRow } from '@runtime-hub/db';
import { plan, type Plan } from '@runtime-hub/graph';
import { executionOf } from '@runtime-hub/nodes';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { LOGGER, type Logger } from '../../logging/logger';
import { DatabaseService } from '../../persistence/database.service';
import { AgentAvoidHints } from './agent-avoid-hints';
import { eventLoopYielder } from './event-loop-yield';
import { NodeTasksRepository } from '../adapters/node-tasks.repository';
import { ControlNodesDecider } from './control-nodes.decider';
import { NodePreparer, type Preparation } from './node-preparer';
import { nodeStates } from '../core/node-states';
import { dispatchRowsOf } from '../core/task-bundle';
import { NodeTransitions } from './node-transitions';
import { RunDefinitions, type LoadedDefinition } from '../adapters/run-definitions';
import { decideChildRunStart, decidePreparation, decideRunEnd } from '../core/engine/decide.advance';
import { applyDecision } from './engine-patches.applier';
import type { LockedRun } from './run-transactions';
import { RunTransactions } from './run-transactions';
import { RunsRepository } from '../adapters/runs.repository';

type DispatchPreparation = Extract<Preparation, { kind: 'dispatch' }>;

/**
 * Rounds of one `advance` call. A round ends with another only when it failed a node (its
 * downstream must be planned again) or lost a race with another writer of the run; each
 * round settles or starts at least one node, so a workflow's node count bounds the rounds
 * it needs. This cap only stops a pathological loop; the reconciler advances the run again.
 */
export const ADVANCE_MAX_ROUNDS = 1_000;

/**
 * Runs of at most this many nodes are narrow: a result reads every row under the lock and
 * advances the run in its own transaction on them (RunAdvancer.advanceLocked), and an advance
 * outside reads their full rows at once rather than their statuses first. A wider run's
 * result reads only its own row: its results queue up on the run's lock, and reading a
 * thousand rows inside it would make each one wait longer.
 */
export const COMMITTED_ROWS_MAX_NODES = 100;

/**
 * The run and its node rows exactly as a transaction holding the run's lock committed them.
 * The phase that committed hands it to `advance`, which then does not read back what was
 * just written (two statements on every node's path).
 */
export interface CommittedRun {
  readonly run: RunRow;
  readonly rows: readonly NodeRunRow[];
}

interface PreparedNode {
  /** The node's status and attempt the preparation was made for; stale when they changed. */
  readonly status: NodeRunRow['status'];
  readonly attempt: number;
  readonly preparation: Preparation;
}

/**
 * advance(runId) — steps 2 of the run (README "Advance"):
 *
 * 1. Read the run and its node rows (no lock) and ask the planner what is ready.
 * 2. Prepare each ready or waiting agent node outside any transaction: resolve templates,
 *    check the config, select agents (NodePreparer).
 * 3. In one transaction holding the run's lock: plan again on the current rows; mark the
 *    planner's `skipped`; decide the ready control nodes that are the coordinator's own
 *    (set, condition, switch, fail without a target: ControlNodesDecider), and the ones
 *    they make ready, up to RH_CONTROL_DECISIONS_PER_TRANSACTION; apply each preparation whose node is still in the state it was
 *    prepared for (queued with its tasks, waiting with a reason, or failed); mark child-run
 *    nodes running and schedule their children; when the planner reports an outcome, finish
 *    the run (succeeded, or failed with its first unhandled failure).
 * 4. After the commit: dispatch the tasks, publish (RunEffectsFlusher), run follow-ups (RunTransactions).
 * 5. Another round when a node failed here or a preparation had gone stale.
 */
@Injectable()
export class RunAdvancer {
  // The parts of RunStore (and RunNodes) this phase uses, under the names its steps read.
  private readonly database: DatabaseService;
  private readonly transactions: RunTransactions;
  private readonly runs: RunsRepository;
  private readonly tasks: NodeTasksRepository;
  private readonly definitions: RunDefinitions;
  private readonly preparer: NodePreparer;
  private readonly transitions: NodeTransitions;
  private readonly avoidHints: AgentAvoidHints;

  constructor(
    @Inject(RunStore) store: RunStore,
    @Inject(RunNodes) nodes: RunNodes,
    @Inject(ControlNodesDecider) private readonly decider: ControlNodesDecider,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
  ) {
    this.database = store.database;
    this.transactions = store.transactions;
    this.runs = store.runs;
    this.tasks = store.tasks;
    this.definitions = store.definitions;
    this.preparer = nodes.preparer;
    this.transitions = nodes.transitions;
    this.avoidHints = nodes.avoidHints;
  }

  async advance(runId: string, committed?: CommittedRun): Promise<void> {
    let known = committed;
    for (let round = 1; round <= ADVANCE_MAX_ROUNDS; round += 1) {
      if (!(await this.round(runId, known))) return;
      known = undefined;
    }
    this.logger.warn({ runId, rounds: ADVANCE_MAX_ROUNDS }, 'advance stopped after its round limit; the reconciler continues');
  }

  /** One round; true when another is needed. */
  private async round(runId: string, committed: CommittedRun | undefined): Promise<boolean> {
    // 1. read and plan, without a lock. A committed snapshot is as good as a read: step 3
    //    plans again on rows read under the lock and drops what went stale meanwhile.
    const db = this.database.db;
    const run = committed ? committed.run : await this.runs.findRun(db, runId);
    if (!run || run.status !== 'running') return false;
    const loaded = await this.definitions.load(db, run.workflowId, run.workflowVersion);
    // Nothing ready, waiting, to skip or to finish: the lock would find nothing to do (most
    // results of a wide run end here). A writer that commits after this read asks for its
    // own advance, so nothing is missed; reading every full row, and again under the lock,
    // for each result was most of a wide run's cost. The statuses alone decide it.
    // A narrow run's full rows cost little more than its statuses: read once, not twice.
    const narrow = loaded.graph.topologicalOrder.length <= COMMITTED_ROWS_MAX_NODES;
    if (!committed && !narrow) {
      // First in one row counted by Postgres, a wide run's usual case: no node pending or
      // waiting (only those can be ready, skipped or re-matched) and some not settled (the
      // run cannot end). Reading 10,000 statuses for it held the event loop 100-170 ms.
      const counts = await this.runs.openNodeCounts(db, runId);
      if (counts.open === 0 && counts.unsettled > 0) return false;
      const statuses = await this.runs.nodeStatuses(db, runId);
      if (!hasWork(plan(loaded.graph, nodeStates(statuses)), statuses)) return false;
    }
    const rows = committed ? committed.rows : await this.runs.nodeRuns(db, runId);
    if (!committed && narrow && !hasWork(plan(loaded.graph, nodeStates(rows)), rows)) return false;
    const candidates = this.candidates(loaded, rows, plan(loaded.graph, nodeStates(rows)));

    // 2. prepare agent nodes outside any transaction
    const prepared = await this.prepareAll(run, loaded, rows, candidates, false);

    // 3. + 4. apply under the run's lock; effects after the commit. A narrow run's rows come
    //    in the lock's own round trip, as they are when the lock was taken.
    const again = await this.transactions.withRun(
      runId,
      (locked, atLock) => this.apply(locked, loaded, prepared, atLock.nodeRows),
      narrow ? { narrowRunNodesUpTo: COMMITTED_ROWS_MAX_NODES } : {},
    );
    // 5. another round?
    return again ?? false;
  }

  /**
   * Steps 2 and 3 inside a transaction that already holds the run's lock and has just
   * committed-to-be `rows` (a result's: README "Record a result"), so the node a result makes
   * ready is dispatched in that result's transaction: one lock, one read and one commit for
   * both. Preparation here asks the directory only what it knows without the database; a node
   * it cannot answer for, or anything that needs another round, makes this return true: the
   * caller then asks for an ordinary advance after the commit.
   */
  async advanceLocked(locked: LockedRun, loaded: LoadedDefinition, rows: readonly NodeRunRow[]): Promise<boolean> {
    if (locked.run.status !== 'running') return false;
    const candidates = this.candidates(loaded, rows, plan(loaded.graph, nodeStates(rows)));
    const prepared = await this.prepareAll(locked.run, loaded, rows, candidates, true);
    return this.apply(locked, loaded, prepared, rows);
  }

  /**
   * Step 2 for every candidate agent node. A node without templates resolves in microtasks
   * only, so a wide run gives the event loop back every few nodes. `withinTransaction`: a node
   * the directory cannot answer for without the database gets no preparation (apply then
   * asks for another round).
   */
  private async prepareAll(
    run: RunRow,
    loaded: LoadedDefinition,
    rows: readonly NodeRunRow[],
    candidates: readonly NodeRunRow[],
    withinTransaction: boolean,
  ): Promise<Map<string, PreparedNode>> {
    const prepared = new Map<string, PreparedNode>();
    const tick = eventLoopYielder(this.config.nodes.yieldEveryNodes);
    for (const row of candidates) {
      await tick();
      const node = loaded.graph.node(row.nodeId);
      if (!node || executionOf(node) !== 'agent') continue;
      const input = { run, loaded, node, rows, attempt: row.attempt + 1, avoid: this.avoidHints.get(run.id, row.nodeId) };
      const preparation = withinTransaction ? await this.preparer.prepare(input, { withinTransaction }) : await this.preparer.prepare(input);
      if (preparation) prepared.set(row.nodeId, { status: row.status, attempt: row.attempt, preparation });
    }
    return prepared;
  }

  /** Ready nodes (topological order), then the nodes waiting for an agent. */
  private candidates(loaded: LoadedDefinition, rows: readonly NodeRunRow[], planned: Plan): NodeRunRow[] {
    const byId = new Map(rows.map((row) => [row.nodeId, row]));
    const ready = planned.ready.map((id) => byId.get(id)).filter((row): row is NodeRunRow => row !== undefined);
    const waiting = loaded.graph.topologicalOrder.map((id) => byId.get(id)).filter((row): row is NodeRunRow => row?.status === 'waiting');
    return [...ready, ...waiting];
  }

  /** `known`: the run's rows as this transaction holds them already; read otherwise. */
  private async apply(locked: LockedRun, loaded: LoadedDefinition, prepared: ReadonlyMap<string, PreparedNode>, known?: readonly NodeRunRow[]): Promise<boolean> {
    const { tx, run } = locked;
    if (run.status !== 'running') return false;
    const now = new Date();
    // the planner's skips and the control nodes the coordinator decides itself, following
    // them as far as they lead (control-nodes.decider.ts); capped: another round goes on
    const decisions = await this.decider.decideReady(locked, loaded, known ?? (await this.runs.nodeRuns(tx, run.id)));
    const { rows } = decisions;
    const planned = plan(loaded.graph, nodeStates(rows));

    let again = decisions.capped;
    const firstDispatches: Array<{ row: NodeRunRow; preparation: DispatchPreparation }> = [];
    for (const row of this.candidates(loaded, rows, planned)) {
      const node = loaded.graph.node(row.nodeId);
      if (!node) continue;
      const execution = executionOf(node);
      if (execution === 'coordinator') continue;
      if (execution === 'child-runs') {
        await this.startChildRunNode(locked, row, now);
        continue;
      }
      const entry = prepared.get(row.nodeId);
      if (!entry || entry.status !== row.status || entry.attempt !== row.attempt) {
        again = true;
        continue;
      }
      const { preparation } = entry;
      // First dispatches are written together after the loop: one statement for all of them.
      if (preparation.kind === 'dispatch' && row.attempt === 0 && preparation.tasks.length > 0) firstDispatches.push({ row, preparation });
      else if (await this.applyPreparation(locked, row, preparation, now)) again = true;
    }
    await this.dispatchFirstAttempts(locked, firstDispatches, now);

    if (!again && planned.outcome) await this.finishRun(locked, rows, planned.outcome);
    return again;
  }

  /** True when the node failed (its downstream needs another plan). Decided by core/engine decidePreparation. */
  private async applyPreparation(locked: LockedRun, row: NodeRunRow, preparation: Preparation, now: Date): Promise<boolean> {
    const { decision, failed } = decidePreparation(row, preparation, locked.run.id, now);
    await applyDecision(locked, decision, { runs: this.runs, tasks: this.tasks, hints: this.avoidHints });
    return failed;
  }

  /**
   * Nodes dispatched for the first time, all in one statement. At attempt 0 a node has no task
   * rows: tasks are only written together with a higher attempt, and the one path that lowers
   * it again (agent-loss.ts) drops them; so nothing is replaced. A node whose row changed
   * meanwhile is not written, and gets no job.
   */
  private async dispatchFirstAttempts(locked: LockedRun, dispatches: ReadonlyArray<{ row: NodeRunRow; preparation: DispatchPreparation }>, now: Date): Promise<void> {
    const written = await this.runs.dispatchFirstAttempts(
      locked.tx,
      locked.run.id,
      dispatches.map(({ row, preparation }) => ({
        nodeId: row.nodeId,
        ...dispatchRowsOf(preparation),
      })),
      now,
    );
    for (const { row, preparation } of dispatches) if (written.has(row.nodeId)) this.dispatched(locked, row.nodeId, preparation);
  }

  /** After a node's dispatch was written: its jobs after the commit, the live view, no more avoid hints. */
  private dispatched(locked: LockedRun, nodeId: string, preparation: DispatchPreparation): void {
    for (const task of preparation.tasks) locked.effects.dispatch(task);
    locked.effects.nodeChanged(locked.run.id, nodeId);
    this.avoidHints.clear(locked.run.id, nodeId);
  }

  /** `workflow.call` / `foreach` / `repeat`: the node runs while its child runs do (core/engine decideChildRunStart). */
  private async startChildRunNode(locked: LockedRun, row: NodeRunRow, now: Date): Promise<void> {
    await applyDecision(locked, decideChildRunStart(row, locked.run.id, now), { runs: this.runs, tasks: this.tasks });
  }

  /** The run's end, decided by core/engine decideRunEnd. */
  private async finishRun(locked: LockedRun, rows: readonly NodeRunRow[], outcome: NonNullable<Plan['outcome']>): Promise<void> {
    await applyDecision(locked, decideRunEnd(locked.run, rows, outcome, new Date()), { runs: this.runs, tasks: this.tasks });
  }
}

/** Whether an advance over these statuses would change anything: a node ready, waiting or to skip, or the run's end. */
function hasWork(planned: Plan, statuses: readonly Pick<NodeRunRow, 'status'>[]): boolean {
  return planned.ready.length > 0 || planned.skipped.length > 0 || planned.outcome !== null || statuses.some((row) => row.status === 'waiting');
}

/** A child run that finished hands control back to the node that started it. */
export function notifyParent(run: RunRow, effects: LockedRun['effects']): void {
  if (run.parentRunId && run.parentNodeId) effects.followUp({ kind: 'sync-children', runId: run.parentRunId, nodeId: run.parentNodeId });
}
