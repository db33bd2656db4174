import { Inject, Injectable } from '@nestjs/common';
import type { NodeTaskRow } from '@runtime-hub/db';
import { TASK_DISPATCHER, type TaskDispatcher } from '../../dispatch/dispatch.ports';
import { LOGGER, type Logger } from '../../logging/logger';
import { RunNodes } from './run-nodes';
import { RunStore } from './run-store';

/**
 * The reconciler's repairs on agents' queues (README "Reconcile", steps 1 and 4): a queued
 * task whose job is missing is dispatched again with the same job id, and the jobs lost
 * agents had started are removed once their lock expired.
 */
@Injectable()
export class QueuedTaskRepairs {
  constructor(
    @Inject(RunStore) private readonly store: RunStore,
    @Inject(RunNodes) private readonly nodes: RunNodes,
    @Inject(TASK_DISPATCHER) private readonly dispatcher: TaskDispatcher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Dispatches the task again when its job is missing from its agent's queue. The task is read
   * again after the queue said "missing": a task an agent claimed (and perhaps finished)
   * meanwhile is not queued any more and is not sent twice.
   */
  async redispatchIfMissing(task: NodeTaskRow): Promise<boolean> {
    const key = { runId: task.runId, nodeId: task.nodeId, agentId: task.agentId, attempt: task.attempt };
    if (await this.dispatcher.exists(key)) return false;
    const { database, runs, tasks, definitions } = this.store;
    const db = database.db;
    const current = await tasks.findTask(db, task.runId, task.nodeId, task.agentId);
    if (current?.status !== 'queued' || current.attempt !== task.attempt) return false;
    const run = await runs.findRun(db, task.runId);
    if (run?.status !== 'running') return false;
    const loaded = await definitions.load(db, run.workflowId, run.workflowVersion);
    const node = loaded.graph.node(task.nodeId);
    if (!node) return false;
    const built = await this.nodes.preparer.tasksFor({ run, loaded, node, rows: await runs.nodeRuns(db, run.id), attempt: task.attempt }, [task.agentId]);
    if (!built.ok) return false;
    for (const nodeTask of built.tasks) await this.dispatcher.dispatch(nodeTask);
    this.logger.warn(key, 'a queued task had no job; dispatched it again');
    return true;
  }

  /** Removes the abandoned jobs of lost agents whose lock expired; how many (0 when the queue could not say). */
  sweepAbandoned(): Promise<number> {
    return this.dispatcher.sweepAbandoned().catch(() => 0);
  }
}
