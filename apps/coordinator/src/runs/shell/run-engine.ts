import { Inject, Injectable } from '@nestjs/common';
import type { RunRecord, RunSummary, RunTrigger, StartRunRequest } from '@runtime-hub/protocol';
import { RunCanceller } from './run-canceller';
import { RunReader } from '../adapters/run-reader';
import { toRunSummary } from '../core/run-records';
import { RunRetrier } from './run-retrier';
import type { RunStartOptions } from '../core/run-start-options';
import { RunStarter } from './run-starter';

/**
 * The run engine's face for those who start and steer runs: the REST API, schedules, batches
 * and hooks. Each method is one phase of the state machine, in a file of its own. What agents
 * say about tasks enters through AgentTaskEntry (agent-task.entry.ts); agents coming and going
 * through AgentFleetListener (agent-fleet.listener.ts).
 */
@Injectable()
export class RunEngine {
  constructor(
    @Inject(RunStarter) private readonly starter: RunStarter,
    @Inject(RunCanceller) private readonly canceller: RunCanceller,
    @Inject(RunRetrier) private readonly retrier: RunRetrier,
    @Inject(RunReader) private readonly reader: RunReader,
  ) {}

  /**
   * Starts a run (202): validated, stored, its roots dispatched — or queued until admission
   * lets it start. `options`: what a schedule, batch or hook says about the run (its id,
   * trigger id, priority, target override, concurrency key).
   */
  async start(request: StartRunRequest, trigger: RunTrigger, options?: RunStartOptions): Promise<RunSummary> {
    return this.starter.start(request, trigger, options);
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
}
