import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateScheduleRequestSchema,
  EntityIdSchema,
  ScheduleFireQuerySchema,
  SchedulePreviewRequestSchema,
  UpdateScheduleRequestSchema,
  type CreateScheduleRequest,
  type ScheduleFirePage,
  type ScheduleFireQuery,
  type ScheduleFireRecord,
  type SchedulePreview,
  type SchedulePreviewRequest,
  type ScheduleRecord,
  type UpdateScheduleRequest,
} from '@runtime-hub/protocol';
import { SCHEDULE_FIRES_PAGE_SIZE } from '../config/defaults';
import { ApiZodBody, ApiZodQuery } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { asApi } from '../runs/adapters/run-api-errors';
import { SchedulesService } from './schedules.service';
import { Requires } from '../auth/requires.decorator';
import { Audit } from '../audit/audit.decorator';

const idPipe = new ZodValidationPipe(EntityIdSchema);
const createPipe = new ZodValidationPipe(CreateScheduleRequestSchema);
const updatePipe = new ZodValidationPipe(UpdateScheduleRequestSchema);
const previewPipe = new ZodValidationPipe(SchedulePreviewRequestSchema);
const firesPipe = new ZodValidationPipe(ScheduleFireQuerySchema);

/**
 * /api/schedules: create (cron in a time zone, or an interval), list with next fires and last
 * outcome, get, change, pause, resume, delete, run now, the history of fires, and a preview of
 * a timing's next fires.
 */
@ApiTags('schedules')
@Controller('api/schedules')
export class SchedulesController {
  constructor(@Inject(SchedulesService) private readonly schedules: SchedulesService) {}

  @Post()
  @Requires('schedules.write')
  @Audit('schedules.create', 'schedule')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a schedule of a stored workflow: cron (+ timeZone) or everyMs; inputs, targetLabels, misfire, overlap, priority, paused' })
  @ApiZodBody(CreateScheduleRequestSchema)
  create(@Body(createPipe) body: CreateScheduleRequest): Promise<ScheduleRecord> {
    return asApi(this.schedules.create(body));
  }

  @Get()
  @Requires('triggers.read')
  @ApiOperation({ summary: 'Every schedule with its next five fire times and its last fire (outcome, run, run status)' })
  async list(): Promise<{ items: ScheduleRecord[] }> {
    return { items: await this.schedules.list() };
  }

  @Post('preview')
  @Requires('schedules.write')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'The next five fire times of a timing (cron + timeZone, or everyMs) before saving it; 400 naming a wrong field' })
  @ApiZodBody(SchedulePreviewRequestSchema)
  preview(@Body(previewPipe) body: SchedulePreviewRequest): SchedulePreview {
    return this.schedules.preview(body);
  }

  @Get(':id')
  @Requires('triggers.read')
  @ApiOperation({ summary: 'One schedule with its next fires and last fire' })
  get(@Param('id', idPipe) id: string): Promise<ScheduleRecord> {
    return this.schedules.get(id);
  }

  @Patch(':id')
  @Requires('schedules.write')
  @Audit('schedules.update', 'schedule')
  @ApiOperation({ summary: 'Change a schedule; switching cron <-> everyMs sets the other to null' })
  @ApiZodBody(UpdateScheduleRequestSchema)
  update(@Param('id', idPipe) id: string, @Body(updatePipe) body: UpdateScheduleRequest): Promise<ScheduleRecord> {
    return asApi(this.schedules.update(id, body));
  }

  @Post(':id/pause')
  @Requires('schedules.write')
  @Audit('schedules.pause', 'schedule')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop firing (its pending fire is removed); history stays' })
  pause(@Param('id', idPipe) id: string): Promise<ScheduleRecord> {
    return asApi(this.schedules.pause(id));
  }

  @Post(':id/resume')
  @Requires('schedules.write')
  @Audit('schedules.resume', 'schedule')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Fire again; an interval counts from now, fires while paused are not misfires' })
  resume(@Param('id', idPipe) id: string): Promise<ScheduleRecord> {
    return asApi(this.schedules.resume(id));
  }

  @Delete(':id')
  @Requires('schedules.write')
  @Audit('schedules.delete', 'schedule')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a schedule and its history (its runs stay)' })
  async delete(@Param('id', idPipe) id: string): Promise<void> {
    await this.schedules.delete(id);
  }

  @Post(':id/run')
  @Requires('schedules.run')
  @Audit('schedules.run', 'schedule')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run now: a manual fire under the overlap policy; answers the fire (outcome, run)' })
  runNow(@Param('id', idPipe) id: string): Promise<ScheduleFireRecord> {
    return asApi(this.schedules.runNow(id));
  }

  @Get(':id/fires')
  @Requires('triggers.read')
  @ApiOperation({ summary: 'The fires of a schedule, newest first: outcome, run and its status, missed fires, detail; cursor paging' })
  @ApiZodQuery(ScheduleFireQuerySchema)
  fires(@Param('id', idPipe) id: string, @Query(firesPipe) query: ScheduleFireQuery): Promise<ScheduleFirePage> {
    return this.schedules.fireHistory(id, query.cursor, query.limit ?? SCHEDULE_FIRES_PAGE_SIZE);
  }
}
