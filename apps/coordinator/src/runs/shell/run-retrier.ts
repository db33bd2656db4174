import { Inject, Injectable } from '@nestjs/common';
import type { NodeRunRow, RunRow } from '@runtime-hub/db';
import { ERROR_PORT } from '@runtime-hub/protocol';
import type { WorkflowGraph } from '@runtime-hub/graph';
import { DatabaseService } from '../../persistence/database.service';
import { RunNotFoundError } from '../core/errors/run-not-found.error';
import { RunStateConflictError } from '../core/errors/run-state-conflict.error';
import { NodeTasksRepository } from '../adapters/node-tasks.repository';
import { RunAdvancer } from './run-advancer';
import { RunDefinitions } from '../adapters/run-definitions';
import { RunTransactions, type LockedRun } from './run-transactions';
import { EARLIER_ATTEMPT_CLEARED, RunsRepository } from '../adapters/runs.repository';

/**
 * The failed nodes a retry runs again, and what they left unrun: every failed node without
 * an `error` edge (an unhandled failure, what made the run fail — a handled one already led
 * to its error branch), and the nodes downstream of them that were skipped or cancelled.
 */
export function nodesToRetry(graph: WorkflowGraph, rows: readonly NodeRunRow[]): string[] {
  const status = new Map(rows.map((row) => [row.nodeId, row.status]));
  const failed = rows
    .filter((row) => row.status === 'failed' && !graph.outgoing(row.nodeId).some((edge) => edge.port === ERROR_PORT))
    .map((row) => row.nodeId);
  const reset = new Set(failed);
  const pending = [...failed];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    for (const edge of graph.outgoing(id)) {
      const next = status.get(edge.to);
      if (reset.has(edge.to) || (next !== 'skipped' && next !== 'cancelled')) continue;
      reset.add(edge.to);
      pending.push(edge.to);
    }
  }
  return graph.nodeIds.filter((id) => reset.has(id));
}

/**
 * retryFailed(runId) — README "Retry failed nodes": only a run that finished `failed`. Under
 * its lock, the nodes of nodesToRetry go back to `pending` (their attempt counters keep
 * counting, so a result of an earlier attempt is still fenced off), their tasks are dropped,
 * the run is `running` again; after the commit, the run is advanced.
 */
@Injectable()
export class RunRetrier {
  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(RunTransactions) private readonly transactions: RunTransactions,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(NodeTasksRepository) private readonly tasks: NodeTasksRepository,
    @Inject(RunDefinitions) private readonly definitions: RunDefinitions,
    @Inject(RunAdvancer) private readonly advancer: RunAdvancer,
  ) {}

  async retryFailed(runId: string): Promise<RunRow> {
    const run = await this.transactions.withRun(runId, (locked) => this.retryLocked(locked));
    if (!run) throw new RunNotFoundError(runId);
    await this.advancer.advance(runId);
    return (await this.runs.findRun(this.database.db, runId)) ?? run;
  }

  private async retryLocked(locked: LockedRun): Promise<RunRow> {
    const { tx, run, effects } = locked;
    if (run.status !== 'failed') throw new RunStateConflictError(run.id, run.status, 'retry', 'it finished failed');
    const loaded = await this.definitions.load(tx, run.workflowId, run.workflowVersion);
    const reset = nodesToRetry(loaded.graph, await this.runs.nodeRuns(tx, run.id));
    for (const nodeId of reset) {
      await this.runs.updateNodeRun(tx, run.id, nodeId, {
        status: 'pending',
        agentId: null,
        ...EARLIER_ATTEMPT_CLEARED,
        queuedAt: null,
        // An operator retrying a quarantined node gives it a fresh chance.
        agentLosses: 0,
      });
      effects.nodeChanged(run.id, nodeId);
    }
    await this.tasks.deleteTasksOfNodes(tx, run.id, reset);
    const retried = await this.runs.updateRun(tx, run.id, { status: 'running', error: null, finishedAt: null, recoveries: 0 });
    effects.runChanged(run.id);
    effects.runReached('running');
    effects.activeRunsDelta += 1;
    return retried ?? run;
  }
}
