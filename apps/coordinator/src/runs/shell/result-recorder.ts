import { Inject, Injectable } from '@nestjs/common';
import { RunStore } from './run-store';
import { RunNodes } from './run-nodes';
import type { NodeResult, NodeSucceededResult } from '@runtime-hub/protocol';
import { ConcurrencyGate } from '../../agents/concurrency-gate';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { LOGGER, type Logger } from '../../logging/logger';
import { COMMITTED_ROWS_MAX_NODES, RunAdvancer, type CommittedRun } from './run-advancer';
import { RunAdvanceQueue } from './run-advance.queue';
import { RunDefinitions } from '../adapters/run-definitions';
import { KeyedBatches } from '../../persistence/keyed-batches';
import { RunTransactions, type LockedRun } from './run-transactions';
import { ResultRecording, type Committed, type KnownRows } from './result-recording';
import { BundleRecording } from './bundle-recording';

export type RecordOutcome = 'recorded' | 'ignored';

/**
 * recordResult(result) — step 3 of the run (README "Record a result"):
 *
 * 1. The result is parsed where it enters (the `/agents` gateway parses every `task:result` by
 *    NodeResultSchema and refuses an invalid one) or built by the coordinator itself (a task that
 *    could not be delivered); it is not parsed a second time here.
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
 * Steps 2-5 are decided by the engine's core (core/engine decide.result.ts) and carried out
 * by result-recording.ts; this file parses, batches and advances.
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
  private readonly recording: ResultRecording;
  private readonly bundles: BundleRecording;

  private readonly transactions: RunTransactions;
  private readonly definitions: RunDefinitions;

  constructor(
    @Inject(RunStore) store: RunStore,
    @Inject(RunNodes) nodes: RunNodes,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(RunAdvanceQueue) private readonly advances: RunAdvanceQueue,
    @Inject(RunAdvancer) private readonly advancer: RunAdvancer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.transactions = store.transactions;
    this.definitions = store.definitions;
    // The gate bounds transactions, not results: results of a run that wait for its turn hold
    // no connection, and they all join the next batch.
    const transactionsAtOnce = new ConcurrencyGate(config.runs.resultsConcurrency);
    const { runs, tasks, queries, definitions } = store;
    this.recording = new ResultRecording({ config, runs, tasks, queries, definitions, preparer: nodes.preparer, avoidHints: nodes.avoidHints });
    this.bundles = new BundleRecording({ runs, tasks, recording: this.recording, maxOutputBytes: config.nodes.maxOutputBytes });
    this.batches = new KeyedBatches((runId, results) => transactionsAtOnce.run(() => this.recordBatch(runId, results)), config.runs.resultsPerTransaction);
  }

  async recordResult(result: NodeResult): Promise<RecordOutcome> {
    // 1. parsed by whoever received it (the `/agents` gateway, by its event's schema) or built by the coordinator
    // 2. - 6. with the results of the same run that wait meanwhile (group commit)
    return this.batches.submit(result.runId, result);
  }

  /** 2. - 5. for results of one run in one transaction, in arrival order; 6. one advance after. */
  private async recordBatch(runId: string, results: readonly NodeResult[]): Promise<RecordOutcome[]> {
    // A single result hands the advance the rows it committed; after several, the advance reads them.
    const committed: Committed = {};
    const batch: Committed = {};
    let advanceAfter = true;
    // A narrow run's rows come with the lock (one round trip) for a single result, which decides on
    // them before it writes; several results, or one with a bundle, read their own node rows in one statement.
    const single = results.length === 1 && !hasBundle(results[0]);
    const outcomes = await this.transactions.withRun(
      runId,
      async (locked, atLock) => {
        const recorded: RecordOutcome[] = [];
        const known: KnownRows = single ? (atLock.nodeRows ? { rowsAtLock: atLock.nodeRows } : {}) : { batchRows: await this.recording.readNodesOf(locked, results) };
        for (const result of results) {
          const outcome = await this.recordLocked(locked, result, single ? committed : batch, known);
          if (outcome === 'recorded' && hasBundle(result)) await this.recordBundleLocked(locked, result, batch);
          recorded.push(outcome);
        }
        // 6. a single result of a narrow run advances the run in its own transaction (or ended it);
        // one whose write committed the transaction (locked.end) leaves the advance for after it
        if (committed.ended) advanceAfter = false;
        else if (committed.run && !locked.end?.committed) advanceAfter = await this.advanceLocked(locked, committed.run);
        return recorded;
      },
      single ? { narrowRunNodesUpTo: COMMITTED_ROWS_MAX_NODES, commitWithLastWrite: true } : {},
    );
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

  /** The steps of a recorded task's bundle (bundle-recording.ts); steps not taken are logged, the task's result is acknowledged all the same. */
  private async recordBundleLocked(locked: LockedRun, result: BundleResult, committed: Committed): Promise<void> {
    const recorded = await this.bundles.record(locked, result, committed);
    if (!recorded.recorded) this.logger.info({ runId: result.runId, nodeId: result.nodeId, agentId: result.agentId, steps: result.bundle.length, why: recorded.why }, "a bundle's steps were not recorded");
  }

  /** A result the engine itself stands for (a lost agent, a passed deadline: core/engine `record-failure`). The caller holds the run's lock. */
  async recordAttemptLocked(locked: LockedRun, result: NodeResult): Promise<RecordOutcome> {
    return this.recordLocked(locked, result);
  }

  /** 2. - 5. (result-recording.ts), and the log line of an ignored result. */
  private async recordLocked(locked: LockedRun, result: NodeResult, committed: Committed = {}, known: KnownRows = {}): Promise<RecordOutcome> {
    const recorded = await this.recording.record(locked, result, committed, known);
    return recorded.recorded ? 'recorded' : this.ignore(result, recorded.why);
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

type BundleResult = NodeSucceededResult & { readonly bundle: NonNullable<NodeSucceededResult['bundle']> };

function hasBundle(result: NodeResult | undefined): result is BundleResult {
  return result?.status === 'succeeded' && result.bundle !== undefined && result.bundle.length > 0;
}
