import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SetWorkflowConcurrencyRequestSchema, type RunQueue, type SetWorkflowConcurrencyRequest, type WorkflowConcurrency } from '@runtime-hub/protocol';
import { BatchesService } from '../batches/batches.service';
import { QUEUE_RUNS_SHOWN } from '../config/defaults';
import { ApiError } from '../openapi/api-error';
import { ApiZodBody } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { DatabaseService } from '../persistence/database.service';
import { RunAdmission } from '../runs/shell/run-admission';
import { toRunSummary } from '../runs/core/run-records';
import { QueuesRepository } from './queues.repository';
import { Requires } from '../auth/requires.decorator';
import { Audit } from '../audit/audit.decorator';

const concurrencyPipe = new ZodValidationPipe(SetWorkflowConcurrencyRequestSchema);

/**
 * Queues and limits: a workflow's concurrency limit (at most N of its top-level runs running;
 * the others wait `queued` with their reason) and what waits now, runs and batch items.
 */
@ApiTags('queues')
@Controller('api')
export class QueuesController {
  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(QueuesRepository) private readonly repository: QueuesRepository,
    @Inject(RunAdmission) private readonly admission: RunAdmission,
    @Inject(BatchesService) private readonly batches: BatchesService,
  ) {}

  @Get('workflows/:id/concurrency')
  @Requires('workflows.read')
  @ApiOperation({ summary: "A workflow's concurrency limit (null: none)" })
  async concurrency(@Param('id') workflowId: string): Promise<WorkflowConcurrency> {
    await this.checkWorkflow(workflowId);
    return { workflowId, maxConcurrentRuns: await this.repository.limit(this.database.db, workflowId) };
  }

  @Put('workflows/:id/concurrency')
  @Requires('workflows.write')
  @Audit('workflows.concurrency', 'workflow')
  @ApiOperation({ summary: 'Set (or with null remove) how many top-level runs of a workflow may run at once; runs over it wait queued, by priority then age' })
  @ApiZodBody(SetWorkflowConcurrencyRequestSchema)
  async setConcurrency(@Param('id') workflowId: string, @Body(concurrencyPipe) body: SetWorkflowConcurrencyRequest): Promise<WorkflowConcurrency> {
    await this.checkWorkflow(workflowId);
    await this.repository.setLimit(this.database.db, workflowId, body.maxConcurrentRuns);
    // The next start on any replica sees it; a raised or removed limit lets queued runs start now.
    await this.admission.limitChanged(workflowId);
    return { workflowId, maxConcurrentRuns: body.maxConcurrentRuns };
  }

  @Get('queue')
  @Requires('runs.read')
  @ApiOperation({ summary: 'What waits: queued runs with their reason (per workflow in admission order), and batches with waiting items and why' })
  async queue(): Promise<RunQueue> {
    const runs = await this.repository.queuedRuns(this.database.db, QUEUE_RUNS_SHOWN);
    const batches = await this.batches.waiting();
    return {
      runs: runs.map(toRunSummary),
      batches: batches.map(({ batch, reason }) => ({
        batchId: batch.id,
        name: batch.name,
        workflowName: batch.workflowName,
        priority: batch.priority,
        waiting: batch.progress.waiting,
        waitingReason: reason,
        createdAt: batch.createdAt,
      })),
    };
  }

  private async checkWorkflow(workflowId: string): Promise<void> {
    if (!(await this.repository.workflowExists(this.database.db, workflowId))) throw ApiError.notFound(`workflow "${workflowId}" not found`);
  }
}
