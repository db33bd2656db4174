import { Module } from '@nestjs/common';
import { ClusterModule } from '../cluster/cluster.module';
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
import { deliveryRedisProvider, TaskDelivery } from './task-delivery.service';

/**
 * Agents: the `/agents` control channel, enrollment (enroll tokens, keys, revocation), the
 * registry of online agents, liveness, selection, task delivery (every agent's queued tasks
 * over its own connection), and `/api/agents` (with agents' metrics and traces, pruned by
 * age). Exports the ports the run engine uses (AGENT_DIRECTORY, AGENT_CONTROL,
 * AGENT_LIFECYCLE_EVENTS), AgentTaskHooks for the engine to register its claim and result
 * functions, and AgentLoadTracker and TaskDelivery for dispatch.
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
    AgentTaskHooks,
    AgentTelemetryWriter,
    AgentTelemetryReader,
    AgentTelemetryPruner,
    AgentDirectoryService,
    AgentControlService,
    AgentsGateway,
    deliveryRedisProvider,
    TaskDelivery,
    { provide: AGENT_DIRECTORY, useExisting: AgentDirectoryService },
    { provide: AGENT_CONTROL, useExisting: AgentControlService },
    { provide: AGENT_LIFECYCLE_EVENTS, useExisting: AgentLifecycle },
  ],
  exports: [AGENT_DIRECTORY, AGENT_CONTROL, AGENT_LIFECYCLE_EVENTS, AgentTaskHooks, AgentLoadTracker, TaskDelivery],
})
export class AgentsModule {}
