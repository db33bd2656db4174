import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { BullTaskDispatcher } from './bull-task.dispatcher';
import { dispatchRedisProvider } from './dispatch-redis';
import { TASK_DISPATCHER } from './dispatch.ports';
import { QueuePrefixClaim } from './queue-prefix.claim';

/**
 * Node tasks onto agents' BullMQ queues (TASK_DISPATCHER, for the run engine), on a queue
 * prefix this deployment has claimed (QueuePrefixClaim, at start).
 */
@Module({
  imports: [AgentsModule],
  providers: [dispatchRedisProvider, QueuePrefixClaim, BullTaskDispatcher, { provide: TASK_DISPATCHER, useExisting: BullTaskDispatcher }],
  exports: [TASK_DISPATCHER],
})
export class DispatchModule {}
