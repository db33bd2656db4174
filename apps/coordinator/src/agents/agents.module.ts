import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { AgentControlService } from './agent-control.service';
import { AgentDirectoryService } from './agent-directory.service';
import { AgentLifecycle } from './agent-lifecycle.events';
import { AgentLoadTracker } from './agent-load.tracker';
import { AgentRegistry } from './agent-registry';
import { AgentSessions } from './agent-sessions.service';
import { AgentTaskHooks } from './agent-task.hooks';
import { AgentTelemetryController } from './agent-telemetry.controller';
import { AgentTelemetryPruner } from './agent-telemetry.pruner';
import { AgentTelemetryReader } from './agent-telemetry.reader';
import { AgentTelemetryWriter } from './agent-telemetry.writer';
import { AgentHandshake } from './agent-handshake';
import { AgentsController } from './agents.controller';
import { AgentsGateway } from './agents.gateway';
import { AGENT_CONTROL, AGENT_DIRECTORY, AGENT_LIFECYCLE_EVENTS } from './agents.ports';
import { AgentsRepository } from './agents.repository';
import { EnrollTokensController } from './enroll-tokens.controller';
import { EnrollTokensRepository } from './enroll-tokens.repository';
import { PythonTaskRelay } from './python-task.relay';

/**
 * Agents: the `/agents` control channel, enrollment (enroll tokens, keys, revocation), the registry of online agents,
 * liveness, selection, `/api/agents` (with agents' metrics and traces, pruned by age), and the relay that hands Python agents their queued
 * tasks as `task:assign`. Exports the ports the run engine uses
 * (AGENT_DIRECTORY, AGENT_CONTROL, AGENT_LIFECYCLE_EVENTS), AgentTaskHooks for the engine
 * to register its claim and result functions, and AgentLoadTracker for dispatch.
 */
@Module({
  imports: [LiveModule],
  controllers: [AgentsController, AgentTelemetryController, EnrollTokensController],
  providers: [
    AgentRegistry,
    AgentsRepository,
    EnrollTokensRepository,
    AgentHandshake,
    AgentLifecycle,
    AgentLoadTracker,
    AgentSessions,
    AgentTaskHooks,
    AgentTelemetryWriter,
    AgentTelemetryReader,
    AgentTelemetryPruner,
    AgentDirectoryService,
    AgentControlService,
    AgentsGateway,
    PythonTaskRelay,
    { provide: AGENT_DIRECTORY, useExisting: AgentDirectoryService },
    { provide: AGENT_CONTROL, useExisting: AgentControlService },
    { provide: AGENT_LIFECYCLE_EVENTS, useExisting: AgentLifecycle },
  ],
  exports: [AGENT_DIRECTORY, AGENT_CONTROL, AGENT_LIFECYCLE_EVENTS, AgentTaskHooks, AgentLoadTracker],
})
export class AgentsModule {}
