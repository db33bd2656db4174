import { Module } from '@nestjs/common';
import { ClusterModule } from '../cluster/cluster.module';
import { LiveModule } from '../live/live.module';
import { AgentControlService } from './agent-control.service';
import { AgentDirectoryService } from './agent-directory.service';
import { AgentLifecycle } from './agent-lifecycle.events';
import { AgentLoadTracker } from './agent-load.tracker';
import { AgentRegistry } from './agent-registry';
import { AgentSessions } from './agent-sessions.service';
import { AgentTelemetryController } from './agent-telemetry.controller';
import { AgentTelemetryPruner } from './agent-telemetry.pruner';
import { AgentTelemetryReader } from './agent-telemetry.reader';
import { AgentTelemetryWriter } from './agent-telemetry.writer';
import { AgentHandshake } from './agent-handshake';
import { AgentsController } from './agents.controller';
import { AGENT_CONTROL, AGENT_DIRECTORY, AGENT_LIFECYCLE_EVENTS } from './agents.ports';
import { AgentsRepository } from './agents.repository';
import { EnrollTokensController } from './enroll-tokens.controller';
import { EnrollTokensRepository } from './enroll-tokens.repository';
import { TaskWakeups } from './task-wakeups';

/**
 * Agents, the fleet: enrollment (enroll tokens, keys, revocation), the registry of online
 * agents, sessions and liveness, selection, and `/api/agents` (with agents' metrics and
 * traces, pruned by age). Below the run engine: exports the ports it uses (AGENT_DIRECTORY,
 * AGENT_CONTROL, AGENT_LIFECYCLE_EVENTS), AgentLoadTracker and TaskWakeups for dispatch, and
 * what the `/agents` channel above the engine builds on (agent-channel.module.ts).
 */
@Module({
  imports: [LiveModule, ClusterModule],
  controllers: [AgentsController, AgentTelemetryController, EnrollTokensController],
  providers: [
    AgentRegistry,
    AgentsRepository,
    EnrollTokensRepository,
    AgentHandshake,
    AgentLifecycle,
    AgentLoadTracker,
    AgentSessions,
    AgentTelemetryWriter,
    AgentTelemetryReader,
    AgentTelemetryPruner,
    AgentDirectoryService,
    AgentControlService,
    TaskWakeups,
    { provide: AGENT_DIRECTORY, useExisting: AgentDirectoryService },
    { provide: AGENT_CONTROL, useExisting: AgentControlService },
    { provide: AGENT_LIFECYCLE_EVENTS, useExisting: AgentLifecycle },
  ],
  exports: [
    AGENT_DIRECTORY,
    AGENT_CONTROL,
    AGENT_LIFECYCLE_EVENTS,
    AgentLoadTracker,
    TaskWakeups,
    AgentRegistry,
    AgentLifecycle,
    AgentSessions,
    AgentHandshake,
    AgentTelemetryWriter,
  ],
})
export class AgentsModule {}
