import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { RunRecord, RunSummary, RunTrigger, StartRunRequest } from '@runtime-hub/protocol';
import { AgentTaskHooks } from '../../agents/agent-task.hooks';
import { AGENT_LIFECYCLE_EVENTS, type AgentLifecycleEvents } from '../../agents/agents.ports';
import { RunSnapshots } from '../../live/run-snapshots';
import { LOGGER, type Logger } from '../../logging/logger';
import { DatabaseService } from '../../persistence/database.service';
import { AgentLoss } from './agent-loss';
import { ChildRuns } from './child-runs';
import type { FollowUp } from '../core/run-effects';
import { RunEffectsFlusher } from './run-effects.flusher';
import { ResultRecorder, type RecordOutcome } from './result-recorder';
import { RunAdvancer } from './run-advancer';
import { RunCanceller } from './run-canceller';
import { RunReader } from '../adapters/run-reader';
import { toRunSummary } from '../core/run-records';
import { RunRetrier } from './run-retrier';
import type { RunStartOptions } from '../core/run-start-options';
import { RunStarter } from './run-starter';
import { RunsRepository } from '../adapters/runs.repository';
import { TaskClaims, type ClaimOutcome, type TaskClaim } from './task-claims';

/**
 * The run engine's public face (README): what the REST API, the agents module, schedules and
 * batches call. Each method is one phase of the state machine, in a file of its own.
 *
 * At start it registers itself where other modules call in without importing this one
 * (claims of delivered tasks, results and returning agents from the agents module, run
 * snapshots for `/live`), and
 * listens for agents coming online (waiting nodes may go now) and being lost (their tasks
 * move).
 */
@Injectable()
export class RunEngine implements OnModuleInit, OnModuleDestroy {
  private readonly unsubscribe: Array<() => void> = [];
  private sweep: Promise<void> | undefined;
  private sweepAgain = false;

  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(RunStarter) private readonly starter: RunStarter,
    @Inject(RunAdvancer) private readonly advancer: RunAdvancer,
    @Inject(ResultRecorder) private readonly recorder: ResultRecorder,
    @Inject(TaskClaims) private readonly claims: TaskClaims,
    @Inject(RunCanceller) private readonly canceller: RunCanceller,
    @Inject(RunRetrier) private readonly retrier: RunRetrier,
    @Inject(AgentLoss) private readonly agentLoss: AgentLoss,
    @Inject(ChildRuns) private readonly childRuns: ChildRuns,
    @Inject(RunReader) private readonly reader: RunReader,
    @Inject(RunEffectsFlusher) private readonly flusher: RunEffectsFlusher,
    @Inject(AGENT_LIFECYCLE_EVENTS) private readonly lifecycle: AgentLifecycleEvents,
    @Inject(AgentTaskHooks) private readonly hooks: AgentTaskHooks,
    @Inject(RunSnapshots) private readonly snapshots: RunSnapshots,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.flusher.setFollowUpHandler((work) => this.followUp(work));
    this.hooks.setTaskClaimer((claim) => this.claimTask(claim));
    this.hooks.setTaskOwnerCheck((ref) => this.claims.isAssigned(ref));
    this.hooks.setHeldTasksCheck((agentId, held, since) => this.agentLoss.agentReturned(agentId, held, since));
    this.hooks.setResultRecorder(async (result) => {
      await this.recordResult(result);
    });
    this.snapshots.setReader((runId) => this.reader.record(runId));
    this.unsubscribe.push(
      this.lifecycle.onAgentOnline(() => void this.agentsChanged()),
      this.lifecycle.onAgentChanged(() => void this.agentsChanged()),
      this.lifecycle.onAgentLost((agentId) => void this.agentLost(agentId)),
    );
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
  }

  /**
   * Starts a run (202): validated, stored, its roots dispatched — or queued until admission
   * lets it start. `options`: what a schedule, batch or hook says about the run (its id,
   * trigger id, priority, target override, concurrency key).
   */
  async start(request: StartRunRequest, trigger: RunTrigger, options?: RunStartOptions): Promise<RunSummary> {
    return toRunSummary(await this.starter.start(request, trigger, options));
  }

  /** An agent accepted a delivered task: it is running (fencing by attempt). */
  claimTask(claim: TaskClaim): Promise<ClaimOutcome> {
    return this.claims.claimTask(claim);
  }

  /** A node result (an agent's `task:result`). Never throws for bad input. */
  recordResult(result: unknown): Promise<RecordOutcome> {
    return this.recorder.recordResult(result);
  }

  async cancel(runId: string, reason?: string, cancelledBy?: string): Promise<RunSummary> {
    return toRunSummary(await this.canceller.cancel(runId, { strict: true, ...(reason !== undefined ? { reason } : {}), ...(cancelledBy !== undefined ? { cancelledBy } : {}) }));
  }

  async retryFailed(runId: string): Promise<RunSummary> {
    return toRunSummary(await this.retrier.retryFailed(runId));
  }

  record(runId: string): Promise<RunRecord | null> {
    return this.reader.record(runId);
  }

  /** An agent went offline: its queued tasks move, its running ones fail over per retry policy. */
  async agentLost(agentId: string): Promise<void> {
    try {
      await this.agentLoss.agentLost(agentId);
    } catch (error) {
      this.logger.error({ err: error, agentId }, 'moving the tasks of a lost agent failed; the reconciler continues');
    }
  }

  /**
   * Agents came online (or changed): advance every run with a waiting node. Calls during a
   * sweep coalesce into one more sweep, so a hundred agents registering at once cost two.
   */
  agentsChanged(): Promise<void> {
    if (this.sweep) {
      this.sweepAgain = true;
      return this.sweep;
    }
    this.sweep = (async () => {
      do {
        this.sweepAgain = false;
        const runIds = await this.runs.runIdsWithWaitingNodes(this.database.db);
        for (const runId of runIds) {
          await this.advancer.advance(runId).catch((error: unknown) => this.logger.error({ err: error, runId }, 'advancing a waiting run failed'));
        }
      } while (this.sweepAgain);
    })()
      .catch((error: unknown) => this.logger.error({ err: error }, 'advancing waiting runs failed'))
      .finally(() => {
        this.sweep = undefined;
      });
    return this.sweep;
  }

  private async followUp(work: FollowUp): Promise<void> {
    switch (work.kind) {
      case 'advance':
        return this.advancer.advance(work.runId);
      case 'begin-children':
        return this.childRuns.begin(work.runId, work.nodeId, work.attempt);
      case 'sync-children':
        return this.childRuns.sync(work.runId, work.nodeId);
      case 'cancel':
        await this.canceller.cancel(work.runId, { reason: work.reason });
        return;
    }
  }
}
