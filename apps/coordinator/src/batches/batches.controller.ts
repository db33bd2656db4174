import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  BatchItemsQuerySchema,
  CreateBatchRequestSchema,
  EntityIdSchema,
  type BatchItemPage,
  type BatchItemsQuery,
  type BatchList,
  type BatchRecord,
  type CreateBatchRequest,
} from '@runtime-hub/protocol';
import { ApiZodBody, ApiZodQuery } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { BatchesService } from './batches.service';
import { Requires } from '../auth/requires.decorator';
import { Audit } from '../audit/audit.decorator';

const idPipe = new ZodValidationPipe(EntityIdSchema);
const createPipe = new ZodValidationPipe(CreateBatchRequestSchema);
const itemsPipe = new ZodValidationPipe(BatchItemsQuerySchema);

/** /api/batches: start one workflow over a list of inputs (JSON or CSV), progress, items, pause, resume, cancel, retry failed. */
@ApiTags('batches')
@Controller('api/batches')
export class BatchesController {
  constructor(@Inject(BatchesService) private readonly batches: BatchesService) {}

  @Post()
  @Requires('runs.start')
  @Audit('batches.create', 'batch')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary:
      'Start a batch: items (JSON array of inputs) or csv (header line + one line per item), optional inputs for all, hostsLabel (each item on every host with the label), concurrency, priority. ' +
      '400 INVALID_INPUTS naming each bad item; up to RH_BATCH_MAX_ITEMS runs',
  })
  @ApiZodBody(CreateBatchRequestSchema)
  create(@Body(createPipe) body: CreateBatchRequest): Promise<BatchRecord> {
    return this.batches.create(body);
  }

  @Get()
  @Requires('triggers.read')
  @ApiOperation({ summary: 'The newest batches with their progress (waiting, running, succeeded, failed, cancelled of total)' })
  async list(): Promise<BatchList> {
    return { items: await this.batches.list() };
  }

  @Get(':id')
  @Requires('triggers.read')
  @ApiOperation({ summary: 'A batch with its progress and why items wait' })
  get(@Param('id', idPipe) id: string): Promise<BatchRecord> {
    return this.batches.get(id);
  }

  @Get(':id/items')
  @Requires('triggers.read')
  @ApiOperation({ summary: "A batch's items in order: inputs, host, status, run, attempts, error; filter status, offset/limit paging" })
  @ApiZodQuery(BatchItemsQuerySchema)
  items(@Param('id', idPipe) id: string, @Query(itemsPipe) query: BatchItemsQuery): Promise<BatchItemPage> {
    return this.batches.items(id, query);
  }

  @Post(':id/pause')
  @Requires('runs.cancel')
  @Audit('batches.pause', 'batch')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start no more items; running ones go on (409 unless running)' })
  pause(@Param('id', idPipe) id: string): Promise<BatchRecord> {
    return this.batches.pause(id);
  }

  @Post(':id/resume')
  @Requires('runs.start')
  @Audit('batches.resume', 'batch')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start items again (409 unless paused)' })
  resume(@Param('id', idPipe) id: string): Promise<BatchRecord> {
    return this.batches.resume(id);
  }

  @Post(':id/cancel')
  @Requires('runs.cancel')
  @Audit('batches.cancel', 'batch')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel waiting items and the runs of running ones (409 unless running or paused)' })
  cancel(@Param('id', idPipe) id: string): Promise<BatchRecord> {
    return this.batches.cancel(id);
  }

  @Post(':id/retry')
  @Requires('runs.retry')
  @Audit('batches.retry', 'batch')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run exactly the failed items again (a new run each); answers the batch and how many were retried' })
  retry(@Param('id', idPipe) id: string): Promise<{ batch: BatchRecord; retried: number }> {
    return this.batches.retryFailed(id);
  }
}
