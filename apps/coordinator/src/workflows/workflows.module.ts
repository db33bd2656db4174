import { Module } from '@nestjs/common';
import { WorkflowValidator } from './workflow-validator';
import { WorkflowsController } from './workflows.controller';
import { WorkflowsService } from './workflows.service';
import { WorkflowsStore } from './workflows.store';

/** Workflows and their versions. Exports WorkflowsService for the runs engine. */
@Module({
  controllers: [WorkflowsController],
  providers: [WorkflowsService, WorkflowsStore, WorkflowValidator],
  exports: [WorkflowsService],
})
export class WorkflowsModule {}
