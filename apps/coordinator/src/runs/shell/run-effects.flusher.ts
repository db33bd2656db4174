import { Inject, Injectable, Optional } from '@nestjs/common';
import { AGENT_CONTROL, type AgentControl } from '../../agents/agents.ports';
import { TASK_DISPATCHER, type TaskDispatcher } from '../../dispatch/dispatch.ports';
import { LOGGER, type Logger } from '../../logging/logger';
import { MetricsService } from '../../metrics/metrics.service';
import { RunUpdatesPublisher } from '../adapters/run-updates.publisher';
import type { RunEffects } from '../core/run-effects';

/**
 * Carries out a committed transaction's effects outside the database, in this order:
 *
 * 1. stop signals to agents and removal of queued jobs (cancel),
 * 2. new jobs on agents' queues (job ids make a repeated dispatch a no-op),
 * 3. live updates to dashboards (run-updates.publisher.ts) and metrics.
 *
 * The follow-ups (the next transactions) are not its part: RunTransactions runs them after
 * the flush (run-follow-ups.ts).
 *
 * Nothing here throws: a failed dispatch is logged and left to the reconciler, which
 * re-dispatches queued tasks whose job is missing; a failed live update is only a stale view.
 */
@Injectable()
export class RunEffectsFlusher {
  constructor(
    @Inject(RunUpdatesPublisher) private readonly updates: RunUpdatesPublisher,
    @Inject(TASK_DISPATCHER) private readonly dispatcher: TaskDispatcher,
    @Inject(AGENT_CONTROL) private readonly control: AgentControl,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService,
  ) {}

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
    // 2. dispatch, each agent's tasks in one round trip
    const failed = effects.dispatches.length > 0 ? await this.dispatcher.dispatchMany(effects.dispatches) : [];
    for (const { dispatch, error } of failed) {
      const { task } = dispatch;
      this.logger.error(
        { err: error, runId: task.runId, nodeId: task.nodeId, agentId: task.agentId, attempt: task.attempt },
        'dispatch failed; the reconciler will dispatch the task again',
      );
    }
    // 3. live and metrics
    await this.updates.publish(effects);
    this.count(effects);
  }

  private count(effects: RunEffects): void {
    if (!this.metrics) return;
    for (const status of effects.runStatuses) this.metrics.recordRunStatus(status);
    for (const { nodeType, durationMs } of effects.nodeDurations) this.metrics.recordNodeDuration(nodeType, durationMs);
    if (effects.activeRunsDelta !== 0) this.metrics.runsActive.inc(effects.activeRunsDelta);
  }
}
