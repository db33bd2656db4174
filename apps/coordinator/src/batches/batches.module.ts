import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { LiveModule } from '../live/live.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RunsModule } from '../runs/runs.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { BatchDriver } from './batch-driver';
import { BatchesController } from './batches.controller';
import { BatchesRepository } from './batches.repository';
import { BatchesService } from './batches.service';

/** Batches (README.md beside this file): items in Postgres, started through the run engine as slots free. */
@Module({
  imports: [RunsModule, WorkflowsModule, AgentsModule, LiveModule, NotificationsModule],
  controllers: [BatchesController],
  providers: [BatchesRepository, BatchDriver, BatchesService],
  exports: [BatchesService],
})
export class BatchesModule {}
