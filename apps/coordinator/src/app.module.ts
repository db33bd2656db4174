import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import type { CoordinatorConfig } from './config/coordinator.config';
import { ExpressionsModule } from './expressions/expressions.module';
import { HealthModule } from './health/health.module';
import type { Logger } from './logging/logger';
import { PersistenceModule } from './persistence/persistence.module';
import { ApiModule } from './openapi/api.module';
import { AuthModule } from './auth/auth.module';
import { MetricsModule } from './metrics/metrics.module';
import { WorkflowsModule } from './workflows/workflows.module';
import { DashboardStaticModule } from './dashboard-static/dashboard-static.module';
import { SessionModule } from './session/session.module';
import { AgentChannelModule } from './agents/agent-channel.module';
import { AgentsModule } from './agents/agents.module';
import { DispatchModule } from './dispatch/dispatch.module';
import { EdgeModule } from './edge/edge.module';
import { LiveGatewayModule } from './live/live-gateway.module';
import { LiveModule } from './live/live.module';
import { ClusterModule } from './cluster/cluster.module';
import { RunsModule } from './runs/runs.module';
import { SchedulesModule } from './schedules/schedules.module';
import { BatchesModule } from './batches/batches.module';
import { NotificationsModule } from './notifications/notifications.module';
import { QueuesModule } from './queues/queues.module';
import { HooksModule } from './hooks/hooks.module';
import { SecretsModule } from './secrets/secrets.module';
import { UsersModule } from './users/users.module';
import { AuditModule } from './audit/audit.module';

/**
 * The coordinator's modules, as in docs/ARCHITECTURE.md: config, persistence, workflows,
 * runs (with the expression sandbox), dispatch, agents, live, cluster (what replicas share),
 * metrics, health; and what starts runs besides a person: schedules, batches, hooks, with queues
 * (limits) and notifications; the secret store, whose values only the delivery of a task to its
 * agent reads. Each side effect sits behind a small injectable service.
 */
@Module({})
export class AppModule {
  static forRoot(config: CoordinatorConfig, logger?: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config, logger), EdgeModule, ExpressionsModule, PersistenceModule, SecretsModule, HealthModule, ApiModule, AuthModule, AuditModule, UsersModule, MetricsModule, WorkflowsModule, SessionModule, LiveModule, ClusterModule, AgentsModule, DispatchModule, RunsModule, AgentChannelModule.forEngine(RunsModule), LiveGatewayModule.forEngine(RunsModule), SchedulesModule, BatchesModule, QueuesModule, NotificationsModule, HooksModule, DashboardStaticModule],
    };
  }
}
