import { Module } from '@nestjs/common';
import { BatchesModule } from '../batches/batches.module';
import { RunsModule } from '../runs/runs.module';
import { QueuesController } from './queues.controller';
import { QueuesRepository } from './queues.repository';

/** Workflow concurrency limits and the queue of what waits (`/api/queue`). Admission itself is the run engine's (runs/run-admission.ts). */
@Module({
  imports: [RunsModule, BatchesModule],
  controllers: [QueuesController],
  providers: [QueuesRepository],
})
export class QueuesModule {}
