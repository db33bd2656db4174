import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { LiveModule } from '../live/live.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { RUN_ENGINE_PROVIDERS } from './shell/run-engine.providers';
import { RunAdmission } from './shell/run-admission';
import { RunEndsReannouncer } from './shell/run-ends.reannouncer';
import { RunEngine } from './shell/run-engine';
import { RunReader } from './adapters/run-reader';
import { RunWaiter } from './shell/run-waiter';
import { RunsController } from './adapters/runs.controller';

/**
 * The run engine (README.md beside this file): the runs state machine, results, child runs,
 * reconcile and `/api/runs`. It imports the modules whose ports it uses; none of them imports
 * it (the agents gateway and `/live` reach the engine through hooks it registers at start).
 * Exports RunEngine for schedules, batches and anything else that starts runs, RunReader and
 * RunWaiter for those that read or wait for them, and RunAdmission for a changed limit.
 */
@Module({
  imports: [AgentsModule, DispatchModule, LiveModule, WorkflowsModule],
  controllers: [RunsController],
  providers: [...RUN_ENGINE_PROVIDERS, RunWaiter, RunEndsReannouncer],
  exports: [RunEngine, RunReader, RunWaiter, RunAdmission],
})
export class RunsModule {}
