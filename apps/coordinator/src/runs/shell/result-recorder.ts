import { Inject, Injectable } from '@nestjs/common';
import { RunStore } from './run-store';
import { RunNodes } from './run-nodes';
import type { NodeRunRow, NodeTaskRow } from '@runtime-hub/db';
import { NodeResultSchema, type NodeResult, type RunError, type WorkflowNode } from '@runtime-hub/protocol';
import { ConcurrencyGate } from '../../agents/concurrency-gate';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { LOGGER, type Logger } from '../../logging/logger';
import { AgentAvoidHints } from './agent-avoid-hints';
import { aggregateFanOut } from '../core/fan-out.aggregate';
import { isFanOut, minSuccessOf } from '../core/node-targets';
import { NodePreparer } from './node-preparer';
import { retryDelayMs, shouldRetry, type EffectiveNodeOptions } from '../core/node-options';
import { NodeTasksRepository } from '../adapters/node-tasks.repository';
import { NodeTransitions, OPEN_NODE_STATUSES } from './node-transitions';
import { COMMITTED_ROWS_MAX_NODES, RunAdvancer, type CommittedRun } from './run-advancer';
import { RunAdvanceQueue } from './run-advance.queue';
import { RunDefinitions, type LoadedDefinition } from '../adapters/run-definitions';
import { KeyedBatches } from './keyed-batches';
import { runError } from '../core/run-errors';
import { RunQueries } from '../adapters/run-queries';
import { RunTransactions, type LockedRun } from './run-transactions';
import { RunsRepository, type TaskWrite } from '../adapters/runs.repository';

export type RecordOutcome = 'recorded' | 'ignored' | 'invalid';

/** Task states a result may close: delivered and not claimed yet (a fast node's result overtakes its claim), or running. */
const RESULT_TASK_STATUSES = ['queued', 'running'] as const;

/** The node type that fails a run on purpose (libs/nodes `fail`): never retried. */
const FAIL_NODE_TYPE = 'fail';

/** What a transaction of results tells the advance after it: its rows (one result), or that the run is wide. */
interface Committed {
  run?: CommittedRun;
  /** More than COMMITTED_ROWS_MAX_NODES nodes: its advances are spaced (RunAdvanceQueue). */
  wide?: boolean;
}

/** What settling a single-task node from its result needs (ResultRecorder.settleSingle). */
interface SingleSettlement {
  readonly row: NodeRunRow;
  /** The run's rows read under the lock; undefined for a wide run. */
  readonly rows: readonly NodeRunRow[] | undefined;
  readonly outcome: AttemptOutcome;
  readonly write: TaskWrite;
  readonly result: NodeResult;
  readonly timing: { readonly startedAt: Date; readonly finishedAt: Date };
}

/** The task's attempt failed; what the node does about it. */
type FailedAttempt = { readonly status: 'failed'; readonly error: RunError };
type AttemptOutcome = { readonly status: 'succeeded'; readonly output: unknown; readonly port: string | undefined } | FailedAttempt;

/**
 * recordResult(result) — step 3 of the run (README "Record a result"):
 *
 * 1. Parse the result (NodeResultSchema); an invalid one is logged and dropped, never thrown
 *    out of the results consumer.
 * 2. Lock the run. An output larger than `nodes.maxOutputBytes` turns the result into a
 *    failure (OUTPUT_TOO_LARGE).
 * 3. The conditional update on the task (`WHERE agent, attempt = $n AND status IN (queued,
 *    running)`): no row means a duplicate or a late result of a superseded attempt — ignored
 *    and counted.
 * 4. A failure that the error allows and the retry policy has attempts left for becomes the
 *    next attempt: on the same agent after the backoff, or — when the agent was lost — on
 *    another agent (the node waits for the directory's next choice). A fan-out cell whose
 *    agent was lost fails: no other host can do that host's part.
 * 5. Otherwise the node settles: a single task is the node (status, output, port — default
 *    `out` — error, timings); a fan-out node settles once all its tasks have, by
 *    aggregateFanOut.
 * 6. After the commit, advance the run: asked of RunAdvanceQueue, which coalesces the
 *    advances of one run and does not keep the caller (the agent's acknowledgement) waiting.
 *
 * Results of one run that arrive while one of its results is being recorded wait, and are
 * then recorded together, steps 2-5 for each in one transaction (group commit, at most
 * RH_RESULTS_PER_TRANSACTION): one lock, one commit and one advance for all of them. At most
 * RH_RESULTS_CONCURRENCY such transactions run at once (of different runs). Each
 * caller gets its own result's outcome once that transaction committed; a transaction that
 * fails fails all of them, and their agents send them again.
 */
@Injectable()
export class ResultRecorder {
  private ignoredResults = 0;
  /** Results of one run waiting for its lock are recorded together (group commit). */
  private readonly batches: KeyedBatches<NodeResult, RecordOutcome>;

  // The parts of RunStore (and RunNodes) this phase uses, under the names its steps read.
  private readonly transactions: RunTransactions;
  private readonly runs: RunsRepository;
  private readonly tasks: NodeTasksRepository;
  private readonly queries: RunQueries;
  private readonly definitions: RunDefinitions;
  private readonly preparer: NodePreparer;
  private readonly transitions: NodeTransitions;
  private readonly avoidHints: AgentAvoidHints;

  constructor(
    @Inject(RunStore) store: RunStore,
    @Inject(RunNodes) nodes: RunNodes,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(RunAdvanceQueue) private readonly advances: RunAdvanceQueue,
    @Inject(RunAdvancer) private readonly advancer: RunAdvancer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.transactions = store.transactions;
    this.runs = store.runs;
    this.tasks = store.tasks;
    this.queries = store.queries;
    this.definitions = store.definitions;
    this.preparer = nodes.preparer;
    this.transitions = nodes.transitions;
    this.avoidHints = nodes.avoidHints;
    // The gate bounds transactions, not results: results of a run that wait for its turn hold
    // no connection, and they all join the next batch.
    const transactionsAtOnce = new ConcurrencyGate(config.runs.resultsConcurrency);
    this.batches = new KeyedBatches((runId, results) => transactionsAtOnce.run(() => this.recordBatch(runId, results)), config.runs.resultsPerTransaction);
  }

  async recordResult(input: unknown): Promise<RecordOutcome> {
    // 1. parse
    const parsed = NodeResultSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
      this.logger.warn({ issues }, 'dropped an invalid node result');
      return 'invalid';
    }
    // 2. - 6. with the results of the same run that wait meanwhile (group commit)
    return this.batches.submit(parsed.data.runId, parsed.data);
  }

  /** 2. - 5. for results of one run in one transaction, in arrival order; 6. one advance after. */
  private async recordBatch(runId: string, results: readonly NodeResult[]): Promise<RecordOutcome[]> {
    // A single result hands the advance the rows it committed; after several, the advance reads them.
    const committed: Committed = {};
    const batch: Committed = {};
    let advanceAfter = true;
    const outcomes = await this.transactions.withRun(runId, async (locked) => {
      const recorded: RecordOutcome[] = [];
      for (const result of results) recorded.push(await this.recordLocked(locked, result, results.length === 1 ? committed : batch));
      // 6. a single result of a narrow run advances the run in its own transaction
      if (committed.run) advanceAfter = await this.advanceLocked(locked, committed.run);
      return recorded;
    });
    if (outcomes === undefined) {
      this.logger.warn({ runId, results: results.length }, 'dropped results for an unknown run');
      return results.map(() => 'ignored');
    }
    // 6. otherwise advance after the callers had their answers (coalesced per run)
    if (advanceAfter && outcomes.includes('recorded')) this.advances.request(runId, undefined, { wide: committed.wide === true || batch.wide === true });
    return outcomes;
  }

  /**
   * The advance a settled node asks for, in the result's transaction (README "Record a
   * result", step 6): the next node is dispatched with the same lock, read and commit. True
   * when an ordinary advance is still needed after the commit (a node the directory could
   * only place with the database, a node failed before dispatch, the decisions' cap).
   */
  private async advanceLocked(locked: LockedRun, committed: CommittedRun): Promise<boolean> {
    const loaded = await this.definitions.load(locked.tx, locked.run.workflowId, locked.run.workflowVersion);
    return this.advancer.advanceLocked(locked, loaded, committed.rows);
  }

  /**
   * A failed attempt that no agent reported (the agent was lost while running it), recorded
   * like a result. The caller holds the run's lock.
   */
  async failAttemptLocked(locked: LockedRun, task: NodeTaskRow, error: RunError): Promise<RecordOutcome> {
    const now = new Date().toISOString();
    return this.recordLocked(locked, {
      status: 'failed',
      runId: task.runId,
      nodeId: task.nodeId,
      agentId: task.agentId,
      attempt: task.attempt,
      startedAt: task.startedAt?.toISOString() ?? now,
      finishedAt: now,
      error,
    });
  }

  /**
   * `committed.run` is set when the result settled a single-task node: the run's rows as this
   * transaction leaves them, so that the advance after the commit need not read them back.
   */
  private async recordLocked(locked: LockedRun, result: NodeResult, committed: Committed = {}): Promise<RecordOutcome> {
    const { tx, run } = locked;
    const loaded = await this.definitions.load(tx, run.workflowId, run.workflowVersion);
    const node = loaded.graph.node(result.nodeId);
    const rows = loaded.graph.topologicalOrder.length <= COMMITTED_ROWS_MAX_NODES ? await this.runs.nodeRuns(tx, run.id) : undefined;
    if (!rows) committed.wide = true;
    const row = rows ? rows.find((candidate) => candidate.nodeId === result.nodeId) : await this.runs.nodeRun(tx, run.id, result.nodeId);
    if (!node || !row) return this.ignore(result, 'the run has no such node');

    const options = this.preparer.options(node, loaded, run);
    const fanOut = isFanOut(options.target);
    const agentLosses = lostAgent(result) && !fanOut ? row.agentLosses + 1 : row.agentLosses;
    const outcome = this.quarantined(this.bounded(result), agentLosses, result);
    // A `fail` node fails on purpose: no attempt can change that.
    const retry = outcome.status === 'failed' && node.type !== FAIL_NODE_TYPE && this.retryKind(outcome, options, result.attempt, fanOut);

    // 3. the conditional update: this attempt, still open
    const key = { runId: run.id, nodeId: result.nodeId, agentId: result.agentId, attempt: result.attempt };
    const startedAt = new Date(result.startedAt);
    const finishedAt = new Date(result.finishedAt);
    const write: TaskWrite = {
      key,
      statusIn: RESULT_TASK_STATUSES,
      patch:
        retry === 'same-agent'
          ? { attempt: result.attempt + 1, status: 'queued', output: null, error: null, startedAt: null, finishedAt: null }
          : {
              status: outcome.status,
              output: outcome.status === 'succeeded' ? (outcome.output ?? null) : null,
              error: outcome.status === 'failed' ? outcome.error : null,
              startedAt,
              finishedAt,
            },
    };
    // The common cases write the task together with what follows from it: 3. and 5. in one statement.
    const settlesNow = !retry && OPEN_NODE_STATUSES.includes(row.status) && agentLosses === row.agentLosses;
    if (settlesNow && !fanOut) return this.settleSingle(locked, { row, rows, outcome, write, result, timing: { startedAt, finishedAt } }, committed);
    if (settlesNow && fanOut) return this.settleCell(locked, row, options, write, result);

    const task = await this.tasks.updateTask(tx, key, write.statusIn, write.patch);
    if (!task) return this.ignore(result, 'duplicate, late or superseded');
    if (!OPEN_NODE_STATUSES.includes(row.status)) return 'recorded';
    if (agentLosses !== row.agentLosses) await this.runs.updateNodeRun(tx, run.id, row.nodeId, { agentLosses });

    // 4. retries
    if (outcome.status === 'failed' && retry === 'same-agent') {
      await this.retryOnSameAgent(locked, loaded, node, row, outcome, result, options, fanOut);
      return 'recorded';
    }
    if (outcome.status === 'failed' && retry === 'other-agent') {
      await this.retryElsewhere(locked, row, outcome, result);
      return 'recorded';
    }

    // 5. settle
    if (!fanOut) {
      const settlement =
        outcome.status === 'succeeded' ? { status: 'succeeded' as const, output: outcome.output, port: outcome.port } : { status: 'failed' as const, error: outcome.error };
      const settled = await this.transitions.settle(locked, row, settlement, { startedAt, finishedAt });
      if (settled && rows) committed.run = { run, rows: rows.map((candidate) => (candidate.nodeId === settled.nodeId ? settled : candidate)) };
      return 'recorded';
    }
    await this.settleFanOut(locked, row, options);
    return 'recorded';
  }

  /**
   * 3. + 5. for a single-task node: the task and the node in one statement; nothing is written
   * when the task was not at the result's attempt (duplicate, late or superseded).
   */
  private async settleSingle(locked: LockedRun, single: SingleSettlement, committed: Committed): Promise<RecordOutcome> {
    const { row, rows, outcome, write, result, timing } = single;
    const settlement = outcome.status === 'succeeded' ? { status: 'succeeded' as const, output: outcome.output, port: outcome.port } : { status: 'failed' as const, error: outcome.error };
    const settled = await this.transitions.settle(locked, row, settlement, timing, write);
    if (!settled) return this.ignore(result, 'duplicate, late or superseded');
    if (rows) committed.run = { run: locked.run, rows: rows.map((candidate) => (candidate.nodeId === settled.nodeId ? settled : candidate)) };
    return 'recorded';
  }

  /**
   * 3. + 5. for a fan-out cell: the cell's update also counts the node's other open cells, so
   * a result costs one statement whatever the width; the cells and their agents' names are
   * read only when the last one settles the node.
   */
  private async settleCell(locked: LockedRun, row: NodeRunRow, options: EffectiveNodeOptions, write: TaskWrite, result: NodeResult): Promise<RecordOutcome> {
    const cell = await this.tasks.updateCell(locked.tx, write.key, write.statusIn, write.patch);
    if (!cell) return this.ignore(result, 'duplicate, late or superseded');
    if (cell.otherOpenCells > 0) {
      locked.effects.nodeChanged(locked.run.id, row.nodeId);
      return 'recorded';
    }
    await this.settleFanOut(locked, row, options);
    return 'recorded';
  }

  /** 2. an output over the limit is a failure of its own, not stored. */
  private bounded(result: NodeResult): AttemptOutcome {
    if (result.status === 'failed') return { status: 'failed', error: result.error };
    const bytes = Buffer.byteLength(JSON.stringify(result.output ?? null) ?? 'null', 'utf8');
    const limit = this.config.nodes.maxOutputBytes;
    if (bytes > limit) {
      return {
        status: 'failed',
        error: runError('OUTPUT_TOO_LARGE', `the output is ${bytes} bytes as JSON; the limit is ${limit} (RH_MAX_OUTPUT_BYTES)`, {
          nodeId: result.nodeId,
          retryable: false,
          details: { bytes, limitBytes: limit },
        }),
      };
    }
    return { status: 'succeeded', output: result.output, port: result.port };
  }

  /**
   * A node whose agent was lost while running it `taskMaxAgentLosses` times is quarantined: it
   * may be what takes its agents down (a crash, a hang), so it is not delivered again.
   */
  private quarantined(outcome: AttemptOutcome, agentLosses: number, result: NodeResult): AttemptOutcome {
    const limit = this.config.runs.taskMaxAgentLosses;
    if (outcome.status !== 'failed' || !lostAgent(result) || agentLosses < limit) return outcome;
    const message = `node ${result.nodeId}: its agent was lost ${agentLosses} times while running it (the last time agent ${result.agentId}); it is not delivered again, as it may be what crashes or hangs its agent (RH_TASK_MAX_AGENT_LOSSES ${limit})`;
    return {
      status: 'failed',
      error: runError('TASK_QUARANTINED', message, { nodeId: result.nodeId, retryable: false, details: { agentLosses, limit, lastAgentId: result.agentId, lastError: outcome.error.message } }),
    };
  }

  private retryKind(outcome: FailedAttempt, options: EffectiveNodeOptions, attempt: number, fanOut: boolean): 'same-agent' | 'other-agent' | false {
    if (!shouldRetry(options.retry, attempt, outcome.error)) return false;
    if (outcome.error.code !== 'AGENT_LOST') return 'same-agent';
    return fanOut ? false : 'other-agent';
  }

  private async retryOnSameAgent(
    locked: LockedRun,
    loaded: LoadedDefinition,
    node: WorkflowNode,
    row: NodeRunRow,
    outcome: FailedAttempt,
    result: NodeResult,
    options: EffectiveNodeOptions,
    fanOut: boolean,
  ): Promise<void> {
    const { tx, run, effects } = locked;
    const { attempt, agentId } = result;
    const next = attempt + 1;
    const delayMs = retryDelayMs(options.retry, next);
    const rows = await this.runs.nodeRuns(tx, run.id);
    const built = await this.preparer.tasksFor({ run, loaded, node, rows, attempt: next }, [agentId]);
    if (!built.ok) {
      // The config no longer resolves: the node fails with that reason, the task with it.
      await this.tasks.updateTask(tx, { ...result, attempt: next }, ['queued'], { status: 'failed', error: built.error, finishedAt: new Date() });
      await this.transitions.fail(locked, row, built.error);
      return;
    }
    await this.runs.updateNodeRun(
      tx,
      run.id,
      row.nodeId,
      fanOut ? { attempt: Math.max(row.attempt, next) } : { attempt: next, status: 'queued', error: null, queuedAt: new Date() },
      { statusIn: OPEN_NODE_STATUSES },
    );
    for (const task of built.tasks) effects.dispatch(task, delayMs);
    this.log(locked, row.nodeId, attempt, `attempt ${attempt} failed (${outcome.error.code}: ${outcome.error.message}); attempt ${next} starts in ${delayMs} ms`);
    effects.nodeChanged(run.id, row.nodeId);
  }

  /** The agent was lost: the node waits for the directory to choose another one. */
  private async retryElsewhere(locked: LockedRun, row: NodeRunRow, outcome: FailedAttempt, result: NodeResult): Promise<void> {
    const { tx, run, effects } = locked;
    this.avoidHints.add(run.id, row.nodeId, result.agentId);
    const reason = `agent ${result.agentId} was lost during attempt ${result.attempt}; attempt ${result.attempt + 1} waits for another agent`;
    await this.runs.updateNodeRun(tx, run.id, row.nodeId, { status: 'waiting', waitingReason: reason, agentId: null }, { statusIn: OPEN_NODE_STATUSES, attempt: row.attempt });
    this.log(locked, row.nodeId, result.attempt, `attempt ${result.attempt} failed (${outcome.error.code}: ${outcome.error.message}); moving to another agent`);
    effects.nodeChanged(run.id, row.nodeId);
  }

  private async settleFanOut(locked: LockedRun, row: NodeRunRow, options: EffectiveNodeOptions): Promise<void> {
    const { tx, run, effects } = locked;
    const cells = await this.tasks.tasksOfNode(tx, run.id, row.nodeId);
    const names = await this.queries.agentNames(tx, cells.map((cell) => cell.agentId));
    const settlement = aggregateFanOut(
      row.nodeId,
      cells.map((cell) => ({ agentId: cell.agentId, agentName: names.get(cell.agentId) ?? cell.agentId, status: cell.status, output: cell.output, error: cell.error })),
      minSuccessOf(options.target),
    );
    if (!settlement.settled) {
      effects.nodeChanged(run.id, row.nodeId);
      return;
    }
    const startedAt = minDate(cells.map((cell) => cell.startedAt));
    const finishedAt = maxDate(cells.map((cell) => cell.finishedAt)) ?? new Date();
    await this.transitions.settle(locked, row, settlement, { startedAt, finishedAt });
  }

  /** A line in the run's log, written by the coordinator (stored and shown by the live publisher). */
  private log(locked: LockedRun, nodeId: string, attempt: number, text: string): void {
    locked.effects.systemLog(locked.run.id, nodeId, attempt, text, new Date());
  }

  private ignore(result: NodeResult, why: string): RecordOutcome {
    this.ignoredResults += 1;
    this.logger.info(
      { runId: result.runId, nodeId: result.nodeId, agentId: result.agentId, attempt: result.attempt, why, ignoredResults: this.ignoredResults },
      'ignored a node result',
    );
    return 'ignored';
  }
}

function lostAgent(result: NodeResult): boolean {
  return result.status === 'failed' && result.error.code === 'AGENT_LOST';
}

function minDate(dates: ReadonlyArray<Date | null>): Date | null {
  const times = dates.filter((date): date is Date => date !== null).map((date) => date.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}

function maxDate(dates: ReadonlyArray<Date | null>): Date | null {
  const times = dates.filter((date): date is Date => date !== null).map((date) => date.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}
