import { Module } from '@nestjs/common';
import { AGENT_TASK_ENGINE } from '../agents/agent-task.ports';
import { AgentsModule } from '../agents/agents.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { LiveModule } from '../live/live.module';
import { RUN_SNAPSHOTS } from '../live/live.ports';
import { WorkflowsModule } from '../workflows/workflows.module';
import { RUN_ENGINE_PROVIDERS } from './shell/run-engine.providers';
import { AgentTaskEntry } from './shell/agent-task.entry';
import { RunAdmission } from './shell/run-admission';
import { RunEndsReannouncer } from './shell/run-ends.reannouncer';
import { RunEngine } from './shell/run-engine';
import { RunReader } from './adapters/run-reader';
import { RunWaiter } from './shell/run-waiter';
import { RunsController } from './adapters/runs.controller';

/**
 * The run engine (README.md beside this file): the runs state machine, results, child runs,
 * reconcile and `/api/runs`. It imports the modules whose ports it uses (the fleet, dispatch,
 * live updates, workflows); none of them imports it. The two socket channels sit above it and
 * import it: `/agents` (agents/agent-channel.module.ts) injects AGENT_TASK_ENGINE for claims,
 * results and returning agents; `/live` (live/live-gateway.module.ts) injects RUN_SNAPSHOTS.
 * Exports RunEngine for schedules, batches, hooks and anything else that starts runs,
 * RunReader and RunWaiter for those that read or wait for them, and RunAdmission for a
 * changed limit.
 */
@Module({
  imports: [AgentsModule, DispatchModule, LiveModule, WorkflowsModule],
  controllers: [RunsController],
  providers: [
    ...RUN_ENGINE_PROVIDERS,
    RunWaiter,
    RunEndsReannouncer,
    { provide: AGENT_TASK_ENGINE, useExisting: AgentTaskEntry },
    { provide: RUN_SNAPSHOTS, useExisting: RunReader },
  ],
  exports: [RunEngine, RunReader, RunWaiter, RunAdmission, AGENT_TASK_ENGINE, RUN_SNAPSHOTS],
})
export class RunsModule {}
