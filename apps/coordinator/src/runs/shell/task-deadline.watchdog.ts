import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RunStore } from './run-store';
import { RunNodes } from './run-nodes';
import type { NodeTaskRow } from '@runtime-hub/db';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { LOGGER, type Logger } from '../../logging/logger';
import { DatabaseService } from '../../persistence/database.service';
import { NodePreparer } from './node-preparer';
import { NodeTasksRepository } from '../adapters/node-tasks.repository';
import { ResultRecorder, type RecordOutcome } from './result-recorder';
import { RunAdvancer } from './run-advancer';
import { RunDefinitions } from '../adapters/run-definitions';
import { decide } from '../core/engine/decide';
import { taskDeadline } from '../core/engine/decide.deadline';
import { taskTimeoutMs } from '../core/task-bundle';
import { clockOnly } from '../core/engine/decision';
import { applyDecision } from './engine-patches.applier';
import { RunTransactions } from './run-transactions';
import { RunsRepository } from '../adapters/runs.repository';

/**
 * The deadline watchdog — README "Deadlines". Every `runs.deadlineCheckIntervalMs`
 * (run-engine.timers.ts):
 *
 * 1. tasks of running runs that started more than the grace ago are candidates (one indexed
 *    query: open tasks are few);
 * 2. a task still running `timeoutMs` (a bundle's: its nodes' summed) + RH_TASK_DEADLINE_GRACE_MS
 *    after it started was lost on the way (its agent kills a timed-out node itself and
 *    reports TIMEOUT): under the run's lock, still at the attempt read, it fails with
 *    TIMEOUT, which the node's retry policy retries like any timeout; its agent is told to
 *    stop it, in case it still runs it;
 * 3. the run is advanced.
 *
 * No node stays running forever, whatever happened to its agent or its result.
 */
@Injectable()
export class TaskDeadlineWatchdog implements OnApplicationShutdown {
  private pass: Promise<void> | undefined;

  // The parts of RunStore (and RunNodes) this phase uses, under the names its steps read.
  private readonly database: DatabaseService;
  private readonly tasks: NodeTasksRepository;
  private readonly runs: RunsRepository;
  private readonly transactions: RunTransactions;
  private readonly definitions: RunDefinitions;
  private readonly preparer: NodePreparer;

  constructor(
    @Inject(RunStore) store: RunStore,
    @Inject(RunNodes) nodes: RunNodes,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(ResultRecorder) private readonly recorder: ResultRecorder,
    @Inject(RunAdvancer) private readonly advancer: RunAdvancer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.database = store.database;
    this.tasks = store.tasks;
    this.runs = store.runs;
    this.transactions = store.transactions;
    this.definitions = store.definitions;
    this.preparer = nodes.preparer;
  }

  /** Its timer (run-engine.timers.ts) stops at shutdown; a pass under way is waited for. */
  async onApplicationShutdown(): Promise<void> {
    await this.pass;
  }

  /** One pass; a call while a pass runs waits for that pass. */
  check(): Promise<void> {
    this.pass ??= this.checkOnce()
      .catch((error: unknown) => this.logger.error({ err: error }, 'deadline check failed'))
      .finally(() => {
        this.pass = undefined;
      });
    return this.pass;
  }

  private async checkOnce(): Promise<void> {
    const graceMs = this.config.runs.taskDeadlineGraceMs;
    const now = Date.now();
    // 1.
    const candidates = await this.tasks.runningTasksStartedBefore(this.database.db, new Date(now - graceMs));
    for (const task of candidates) {
      // 2.
      const deadline = await this.deadlineOf(task);
      if (deadline === undefined || deadline > now) continue;
      if (await this.failLate(task, graceMs)) await this.advancer.advance(task.runId);
    }
  }

  /** When the task counts as lost: started + its node's timeout (and its bundle's nodes') + the grace. */
  private async deadlineOf(task: NodeTaskRow): Promise<number | undefined> {
    const db = this.database.db;
    const run = await this.runs.findRun(db, task.runId);
    if (!run) return undefined;
    const loaded = await this.definitions.load(db, run.workflowId, run.workflowVersion);
    if (!loaded.graph.node(task.nodeId)) return undefined;
    const timeoutOf = (nodeId: string): number | undefined => {
      const node = loaded.graph.node(nodeId);
      return node ? this.preparer.options(node, loaded, run).timeoutMs : undefined;
    };
    return taskDeadline(task, taskTimeoutMs(task, timeoutOf), this.config.runs.taskDeadlineGraceMs);
  }

  /** 2. under the lock: decide (core/engine decide.deadline.ts) on the task as it is now; the failure is recorded as a result. */
  private async failLate(read: NodeTaskRow, graceMs: number): Promise<boolean> {
    const outcome = await this.transactions.withRun(read.runId, async (locked) => {
      const task = await this.tasks.findTask(locked.tx, read.runId, read.nodeId, read.agentId);
      const decision = decide({ type: 'deadline', task: read, graceMs }, { run: locked.run, nodes: [], tasks: task ? [task] : [] }, clockOnly(new Date()));
      if (decision.ignored !== undefined) return 'ignored';
      this.logger.warn({ runId: read.runId, nodeId: read.nodeId, agentId: read.agentId, attempt: read.attempt }, 'a task outlived its deadline with no result; failed as TIMEOUT');
      const applied = await applyDecision(locked, decision, { runs: this.runs, tasks: this.tasks });
      let recorded: RecordOutcome = 'ignored';
      for (const request of applied.requests) if (request.kind === 'record-failure') recorded = await this.recorder.recordAttemptLocked(locked, request.result);
      return recorded;
    });
    return outcome === 'recorded';
  }
}
