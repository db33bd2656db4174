import { HttpStatus, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ISSUE_MESSAGES } from '@runtime-hub/graph';
import { ApiError } from './api-error';
import { INVALID_REQUEST } from './api-error.schema';
import { describeIssues, summarizeIssues } from './zod-issues';

/**
 * Parses a request body, query or path parameter with its zod schema; nothing unparsed
 * reaches a controller. Failures are 400 INVALID_REQUEST naming every wrong path
 * (`body.definition: ...`, `query.from: ...`), with the issues in `details.issues`.
 *
 *   create(@Body(new ZodValidationPipe(CreateWorkflowBodySchema)) body: CreateWorkflowBody)
 */
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.output<Schema>> {
  constructor(private readonly schema: Schema) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.output<Schema> {
    const parsed = this.schema.safeParse(value, ISSUE_MESSAGES);
    if (parsed.success) return parsed.data;
    const where = metadata.data ? `${metadata.type}.${metadata.data}` : metadata.type;
    const issues = summarizeIssues(parsed.error.issues, where === 'custom' ? undefined : where);
    throw new ApiError(HttpStatus.BAD_REQUEST, INVALID_REQUEST, describeIssues(issues), { details: { issues } });
  }
}
