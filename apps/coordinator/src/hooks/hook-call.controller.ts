import { Controller, HttpStatus, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EntityIdSchema, type RunRecord, type RunSummary } from '@runtime-hub/protocol';
import { ApiError } from '../openapi/api-error';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { asApi } from '../runs/adapters/run-api-errors';
import { HOOK_SIGNATURE_HEADER, HOOK_TOKEN_HEADER } from './hook-auth';
import { HooksService } from './hooks.service';

const idPipe = new ZodValidationPipe(EntityIdSchema);
const WAIT_MS_PATTERN = /^\d{1,9}$/;

/**
 * `POST /hooks/<id>`: outside `/api`, so no API token: the hook's own token or signature is
 * the check (HooksService.call). The body is JSON or empty; the raw bytes are what an HMAC
 * signature covers (main.ts keeps them: `rawBody`).
 */
@ApiTags('hooks')
@Controller('hooks')
export class HookCallController {
  constructor(@Inject(HooksService) private readonly hooks: HooksService) {}

  @Post(':id')
  @ApiOperation({
    summary:
      'Call a webhook: Authorization: Bearer <token> or X-Hub-Signature-256: sha256=<hmac>; JSON body mapped to inputs. ' +
      '202 with the run; with ?waitMs= (capped by RH_HOOK_WAIT_MAX_MS) 200 with the finished run. 401 starts nothing; 429 over the rate limit',
  })
  async call(@Param('id', idPipe) id: string, @Req() request: Request & { rawBody?: Buffer }, @Res({ passthrough: true }) response: Response): Promise<RunSummary | RunRecord> {
    const contentType = request.headers['content-type'];
    const rawBody = request.rawBody ?? Buffer.alloc(0);
    // Only JSON is parsed (and kept raw); any other body would reach the hook as no body at all.
    const hasBody = rawBody.length > 0 || Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && !(contentType ?? '').toLowerCase().includes('json')) {
      throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'UNSUPPORTED_MEDIA_TYPE', `a hook takes a JSON body (content-type: application/json), not ${contentType ?? 'none'}`);
    }
    const waitText = request.query.waitMs;
    if (waitText !== undefined && (typeof waitText !== 'string' || !WAIT_MS_PATTERN.test(waitText))) throw ApiError.badRequest('query.waitMs: expected a whole number of milliseconds');
    try {
      const answer = await asApi(
        this.hooks.call(
          id,
          { authorization: header(request, 'authorization'), token: header(request, HOOK_TOKEN_HEADER), signature: header(request, HOOK_SIGNATURE_HEADER), rawBody },
          { body: rawBody.length > 0 ? (request.body as unknown) : undefined, headers: request.headers, query: request.query as Record<string, unknown> },
          waitText === undefined ? undefined : Number(waitText),
        ),
      );
      response.status(answer.status);
      return answer.body;
    } catch (error) {
      const retryAfterMs = error instanceof ApiError && error.status === HttpStatus.TOO_MANY_REQUESTS ? (error.fields.details as { retryAfterMs?: number } | undefined)?.retryAfterMs : undefined;
      if (retryAfterMs !== undefined) response.setHeader('retry-after', String(Math.ceil(retryAfterMs / 1_000)));
      throw error;
    }
  }
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
