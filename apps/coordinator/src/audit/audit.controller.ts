import { Controller, Get, HttpStatus, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { Requires } from '../auth/requires.decorator';
import { ApiError } from '../openapi/api-error';
import { INVALID_REQUEST } from '../openapi/api-error.schema';
import { ApiZodQuery } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { AuditService, type AuditPage } from './audit.service';

/** Longest filter value: names and ids, not documents. */
const FILTER_MAX_LENGTH = 500;

export const AuditQuerySchema = z.strictObject({
  actor: z.string().min(1).max(FILTER_MAX_LENGTH).optional(),
  action: z.string().min(1).max(FILTER_MAX_LENGTH).optional(),
  target: z.string().min(1).max(FILTER_MAX_LENGTH).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(FILTER_MAX_LENGTH).optional(),
  limit: z.coerce.number().int().min(1).optional(),
});
type AuditQueryParams = z.infer<typeof AuditQuerySchema>;

/** GET /api/audit: the audit log, newest first, filtered and paged. There is no route that changes or deletes an entry. */
@ApiTags('audit')
@Controller('api/audit')
export class AuditController {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Get()
  @Requires('audit.read')
  @ApiOperation({ summary: 'The audit log, newest first: filters actor (email or token name), action, target, since, until; cursor paging (admin)' })
  @ApiZodQuery(AuditQuerySchema)
  list(@Query(new ZodValidationPipe(AuditQuerySchema)) query: AuditQueryParams): Promise<AuditPage> {
    const beforeId = query.cursor !== undefined ? Number(query.cursor) : undefined;
    if (beforeId !== undefined && !(Number.isSafeInteger(beforeId) && beforeId > 0)) {
      throw new ApiError(HttpStatus.BAD_REQUEST, INVALID_REQUEST, 'query.cursor: not a cursor from this API (pass back nextCursor as it was returned)');
    }
    return this.audit.query({
      ...(query.actor !== undefined ? { actor: query.actor } : {}),
      ...(query.action !== undefined ? { action: query.action } : {}),
      ...(query.target !== undefined ? { target: query.target } : {}),
      ...(query.since !== undefined ? { since: new Date(query.since) } : {}),
      ...(query.until !== undefined ? { until: new Date(query.until) } : {}),
      ...(beforeId !== undefined ? { beforeId } : {}),
      limit: Math.min(query.limit ?? this.config.audit.pageSize, this.config.audit.pageSizeMax),
    });
  }
}
