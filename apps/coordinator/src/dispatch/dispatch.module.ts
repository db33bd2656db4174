import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { BullTaskDispatcher } from './bull-task.dispatcher';
import { dispatchRedisProvider } from './dispatch-redis';
import { TASK_DISPATCHER } from './dispatch.ports';

/** Node tasks onto agents' BullMQ queues (TASK_DISPATCHER, for the run engine). */
@Module({
  imports: [AgentsModule],
  providers: [dispatchRedisProvider, BullTaskDispatcher, { provide: TASK_DISPATCHER, useExisting: BullTaskDispatcher }],
  exports: [TASK_DISPATCHER],
})
export class DispatchModule {}
