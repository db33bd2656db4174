import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { AgentsGateway } from './agents.gateway';
import { AgentsModule } from './agents.module';
import { deliveryRedisProvider, TaskDelivery } from './task-delivery.service';

/**
 * The `/agents` channel: the gateway (agents.gateway.ts) and the task delivery
 * (task-delivery.service.ts). It sits above the run engine and injects what it asks of it
 * (AGENT_TASK_ENGINE: claims, results, returning agents) from `engine`, the module that
 * exports that port: the runs module, or a stand-in in tests of the agents side alone. The
 * engine is therefore built before any agent connection is served.
 */
@Module({})
export class AgentChannelModule {
  static forEngine(engine: Type | DynamicModule): DynamicModule {
    return {
      module: AgentChannelModule,
      imports: [AgentsModule, LiveModule, engine],
      providers: [AgentsGateway, deliveryRedisProvider, TaskDelivery],
    };
  }
}
