import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateHookRequestSchema, EntityIdSchema, type CreateHookRequest, type HookCreated, type HookList, type HookRecord } from '@runtime-hub/protocol';
import { ApiZodBody } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { HooksService } from './hooks.service';
import { Requires } from '../auth/requires.decorator';
import { Audit } from '../audit/audit.decorator';

const idPipe = new ZodValidationPipe(EntityIdSchema);
const createPipe = new ZodValidationPipe(CreateHookRequestSchema);

/** /api/hooks: webhook triggers of stored workflows (the call itself is `POST /hooks/<id>`, hook-call.controller.ts). */
@ApiTags('hooks')
@Controller('api/hooks')
export class HooksController {
  constructor(@Inject(HooksService) private readonly hooks: HooksService) {}

  @Post()
  @Requires('hooks.write')
  @Audit('hooks.create', 'hook')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a webhook trigger: auth token | hmac-sha256 (default), inputMap (input -> body.x / headers.x / query.x), rateLimitPerMinute, targetLabels, priority. The secret is answered once' })
  @ApiZodBody(CreateHookRequestSchema)
  create(@Body(createPipe) body: CreateHookRequest): Promise<HookCreated> {
    return this.hooks.create(body);
  }

  @Get()
  @Requires('triggers.read')
  @ApiOperation({ summary: 'Every webhook trigger (never its secret)' })
  async list(): Promise<HookList> {
    return { items: await this.hooks.list() };
  }

  @Get(':id')
  @Requires('triggers.read')
  @ApiOperation({ summary: 'One webhook trigger' })
  get(@Param('id', idPipe) id: string): Promise<HookRecord> {
    return this.hooks.get(id);
  }

  @Post(':id/rotate-secret')
  @Requires('hooks.write')
  @Audit('hooks.rotate-secret', 'hook')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A new secret, answered once; the old one stops working at once' })
  rotate(@Param('id', idPipe) id: string): Promise<HookCreated> {
    return this.hooks.rotateSecret(id);
  }

  @Delete(':id')
  @Requires('hooks.write')
  @Audit('hooks.delete', 'hook')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a webhook trigger (its runs stay)' })
  async delete(@Param('id', idPipe) id: string): Promise<void> {
    await this.hooks.delete(id);
  }
}
