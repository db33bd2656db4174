import { Inject, Injectable } from '@nestjs/common';
import { RunStore } from './run-store';
import { RunNodes } from './run-nodes';
import type { NodeTaskRow } from '@runtime-hub/db';
import type { TaskRef } from '@runtime-hub/protocol';
import { TASK_DISPATCHER, type TaskDispatcher } from '../../dispatch/dispatch.ports';
import { LOGGER, type Logger } from '../../logging/logger';
import { DatabaseService } from '../../persistence/database.service';
import { AgentAvoidHints } from './agent-avoid-hints';
import { NodePreparer } from './node-preparer';
import { NodeTasksRepository } from '../adapters/node-tasks.repository';
import { RunAdvancer } from './run-advancer';
import { RunDefinitions } from '../adapters/run-definitions';
import { decide } from '../core/engine/decide';
import { clockOnly } from '../core/engine/decision';
import type { EngineContext, EngineEvent, RunSnapshot } from '../core/engine/engine.types';
import { applyDecision } from './engine-patches.applier';
import { RunTransactions, type LockedRun } from './run-transactions';
import { ResultRecorder } from './result-recorder';
import { RunsRepository } from '../adapters/runs.repository';

function taskKey(task: NodeTaskRow) {
  return { runId: task.runId, nodeId: task.nodeId, agentId: task.agentId, attempt: task.attempt };
}

/**
 * agentLost(agentId) — README "A lost agent": the agents module says an agent went offline.
 *
 * 1. Its queued tasks' jobs are removed from its queue (outside any transaction); jobs it
 *    had started are handed to the dispatcher as abandoned, for the reconciler to remove
 *    once their lock expires.
 * 2. Per run, under the run's lock, each task that is still at the attempt read:
 *    - queued, single-target node: the task is dropped and the node waits for the
 *      directory's next choice. The attempt number is reused when the job was removed
 *      (that attempt never ran); otherwise the next dispatch takes attempt + 1, so the lost
 *      agent cannot run it if it comes back (its claim is refused).
 *    - running, or any task of a fan-out: a failed attempt with AGENT_LOST (retryable), which
 *      the result recorder retries on another agent per the node's retry policy. A fan-out
 *      cell fails: no other host can do that host's part.
 * 3. After the commit, the run is advanced (waiting nodes are dispatched to other agents).
 *
 * agentReturned(agentId, held, since) — the agent registered again (a new connection, maybe a
 * new process) saying which attempts it still holds. A task it was running before `since`
 * and does not hold was lost with its previous process: a failed attempt with AGENT_LOST,
 * retried per the node's retry policy, as in step 2.
 */
@Injectable()
export class AgentLoss {
  // The parts of RunStore (and RunNodes) this phase uses, under the names its steps read.
  private readonly database: DatabaseService;
  private readonly transactions: RunTransactions;
  private readonly runs: RunsRepository;
  private readonly tasks: NodeTasksRepository;
  private readonly definitions: RunDefinitions;
  private readonly preparer: NodePreparer;
  private readonly avoidHints: AgentAvoidHints;

  constructor(
    @Inject(RunStore) store: RunStore,
    @Inject(RunNodes) nodes: RunNodes,
    @Inject(TASK_DISPATCHER) private readonly dispatcher: TaskDispatcher,
    @Inject(ResultRecorder) private readonly recorder: ResultRecorder,
    @Inject(RunAdvancer) private readonly advancer: RunAdvancer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.database = store.database;
    this.transactions = store.transactions;
    this.runs = store.runs;
    this.tasks = store.tasks;
    this.definitions = store.definitions;
    this.preparer = nodes.preparer;
    this.avoidHints = nodes.avoidHints;
  }

  async agentLost(agentId: string): Promise<void> {
    const open = await this.tasks.openTasksOfAgent(this.database.db, agentId);
    if (open.length === 0) return;
    this.logger.warn({ agentId, tasks: open.length }, 'agent lost: moving its tasks');

    // 1. remove the jobs that have not started; the started ones are removed by the
    //    reconciler once their lock expires (abandon)
    const removed = new Set<string>();
    for (const task of open) {
      const gone = task.status === 'queued' && (await this.dispatcher.remove(taskKey(task)).catch(() => false));
      if (gone) removed.add(`${task.runId}/${task.nodeId}/${task.attempt}`);
      else this.dispatcher.abandon(taskKey(task));
    }

    // 2. per run, under its lock
    for (const [runId, tasks] of groupByRun(open)) {
      await this.transactions.withRun(runId, async (locked) => {
        for (const task of tasks) await this.moveTask(locked, task, removed.has(`${task.runId}/${task.nodeId}/${task.attempt}`));
      });
      // 3. advance
      await this.advancer.advance(runId);
    }
  }

  async agentReturned(agentId: string, held: readonly TaskRef[], since: Date): Promise<void> {
    const holds = new Set(held.map((ref) => `${ref.runId}/${ref.nodeId}/${ref.attempt}`));
    const forgotten = (await this.tasks.openTasksOfAgent(this.database.db, agentId)).filter(
      (task) => task.status === 'running' && task.startedAt !== null && task.startedAt < since && !holds.has(`${task.runId}/${task.nodeId}/${task.attempt}`),
    );
    if (forgotten.length === 0) return;
    this.logger.warn({ agentId, tasks: forgotten.length }, 'agent returned without tasks it was running: failing them as lost');
    for (const [runId, tasks] of groupByRun(forgotten)) {
      await this.transactions.withRun(runId, async (locked) => {
        for (const read of tasks) {
          const task = await this.tasks.findTask(locked.tx, read.runId, read.nodeId, read.agentId);
          await this.decideAndApply(locked, { type: 'agent-returned', task: read }, { run: locked.run, nodes: [], tasks: task ? [task] : [] }, clockOnly(new Date()));
        }
      });
      await this.advancer.advance(runId);
    }
  }

  /** 2. for one task, under the lock: decide (core/engine decide.agent-lost.ts) on the task and its node as they are now. */
  private async moveTask(locked: LockedRun, read: NodeTaskRow, jobRemoved: boolean): Promise<void> {
    const { tx, run } = locked;
    // The decision checks these again; here they spare the reads when nothing can change.
    if (run.status !== 'running') return;
    const task = await this.tasks.findTask(tx, read.runId, read.nodeId, read.agentId);
    if (!task || task.attempt !== read.attempt) return;
    const loaded = await this.definitions.load(tx, run.workflowId, run.workflowVersion);
    const row = await this.runs.nodeRun(tx, run.id, task.nodeId);
    const context = {
      ...clockOnly(new Date()),
      optionsOf: (nodeId: string) => {
        const node = loaded.graph.node(nodeId);
        return node ? this.preparer.options(node, loaded, run) : undefined;
      },
    };
    await this.decideAndApply(locked, { type: 'agent-lost', task: read, jobRemoved }, { run, nodes: row ? [row] : [], tasks: [task] }, context);
  }

  /** Writes the decision; a failed attempt it stands for is recorded as a result (its retry policy applies). */
  private async decideAndApply(locked: LockedRun, event: EngineEvent, snapshot: RunSnapshot, context: EngineContext): Promise<void> {
    const decision = decide(event, snapshot, context);
    if (decision.ignored !== undefined) return;
    const applied = await applyDecision(locked, decision, { runs: this.runs, tasks: this.tasks, hints: this.avoidHints });
    for (const request of applied.requests) if (request.kind === 'record-failure') await this.recorder.recordAttemptLocked(locked, request.result);
  }
}

function groupByRun(tasks: readonly NodeTaskRow[]): Map<string, NodeTaskRow[]> {
  const byRun = new Map<string, NodeTaskRow[]>();
  for (const task of tasks) byRun.set(task.runId, [...(byRun.get(task.runId) ?? []), task]);
  return byRun;
}
