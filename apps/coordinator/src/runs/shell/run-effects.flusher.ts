import { Inject, Injectable, Optional } from '@nestjs/common';
import { AGENT_CONTROL, type AgentControl } from '../../agents/agents.ports';
import { TASK_DISPATCHER, type TaskDispatcher } from '../../dispatch/dispatch.ports';
import { LIVE_PUBLISHER, type LivePublisher } from '../../live/live.ports';
import { LOGGER, type Logger } from '../../logging/logger';
import { MetricsService } from '../../metrics/metrics.service';
import { DatabaseService } from '../../persistence/database.service';
import { NodeUpdatesPublisher } from '../adapters/node-updates.publisher';
import type { FollowUp, RunEffects } from '../core/run-effects';
import { toRunSummary } from '../core/run-records';
import { RunsRepository } from '../adapters/runs.repository';

export type FollowUpHandler = (work: FollowUp) => Promise<void>;

/**
 * Carries out a committed transaction's effects, in this order:
 *
 * 1. stop signals to agents and removal of queued jobs (cancel),
 * 2. new jobs on agents' queues (job ids make a repeated dispatch a no-op),
 * 3. live updates to dashboards (node records read only for runs a dashboard watches, in
 *    order: node-updates.publisher.ts) and metrics,
 * 4. follow-ups, each in its own transaction (advance a run, start or sync child runs,
 *    cancel children).
 *
 * Nothing here throws: a failed dispatch is logged and left to the reconciler, which
 * re-dispatches queued tasks whose job is missing; a failed live update is only a stale view.
 */
@Injectable()
export class RunEffectsFlusher {
  private followUpHandler: FollowUpHandler | undefined;

  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(NodeUpdatesPublisher) private readonly nodeUpdates: NodeUpdatesPublisher,
    @Inject(TASK_DISPATCHER) private readonly dispatcher: TaskDispatcher,
    @Inject(AGENT_CONTROL) private readonly control: AgentControl,
    @Inject(LIVE_PUBLISHER) private readonly live: LivePublisher,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService,
  ) {}

  /** The engine handles follow-ups (set once at start; breaks the cycle engine -> flusher -> engine). */
  setFollowUpHandler(handler: FollowUpHandler): void {
    this.followUpHandler = handler;
  }

  async flush(effects: RunEffects): Promise<void> {
    // 1. stop and remove
    for (const key of effects.stops) {
      try {
        this.control.cancelTask(key.agentId, { runId: key.runId, nodeId: key.nodeId, attempt: key.attempt });
      } catch (error) {
        this.logger.warn({ err: error, ...key }, 'could not tell the agent to stop a task');
      }
    }
    for (const key of effects.removals) {
      await this.dispatcher.remove(key).catch((error: unknown) => this.logger.warn({ err: error, ...key }, 'could not remove a queued job'));
    }
    // 2. dispatch
    for (const { task, delayMs } of effects.dispatches) {
      try {
        await this.dispatcher.dispatch(task, delayMs > 0 ? { delayMs } : {});
      } catch (error) {
        this.logger.error(
          { err: error, runId: task.runId, nodeId: task.nodeId, agentId: task.agentId, attempt: task.attempt },
          'dispatch failed; the reconciler will dispatch the task again',
        );
      }
    }
    // 3. live and metrics
    await this.publish(effects);
    this.count(effects);
    // 4. follow-ups
    for (const work of effects.followUps) await this.runFollowUp(work);
  }

  private async runFollowUp(work: FollowUp): Promise<void> {
    if (!this.followUpHandler) return;
    try {
      await this.followUpHandler(work);
    } catch (error) {
      this.logger.error({ err: error, work }, 'follow-up failed; the reconciler will repeat it');
    }
  }

  private async publish(effects: RunEffects): Promise<void> {
    try {
      const db = this.database.db;
      for (const [runId, nodeIds] of effects.changedNodes) this.nodeUpdates.nodesChanged(runId, nodeIds);
      for (const runId of effects.changedRuns) {
        const run = effects.changedRunRows.get(runId) ?? (await this.runs.findRun(db, runId));
        if (run) this.live.runUpdated(toRunSummary(run));
      }
      for (const log of effects.logs) this.live.log(log.runId, log);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not publish a live update');
    }
  }

  private count(effects: RunEffects): void {
    if (!this.metrics) return;
    for (const status of effects.runStatuses) this.metrics.recordRunStatus(status);
    for (const { nodeType, durationMs } of effects.nodeDurations) this.metrics.recordNodeDuration(nodeType, durationMs);
    if (effects.activeRunsDelta !== 0) this.metrics.runsActive.inc(effects.activeRunsDelta);
  }
}
