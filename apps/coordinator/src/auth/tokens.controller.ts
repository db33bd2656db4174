import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { ApiTokenService, type ApiTokenInfo, type CreatedApiToken } from './api-token.service';

/** Longest token name: a label for people ("ci", "alice's laptop"), not a document. */
export const TOKEN_NAME_MAX_LENGTH = 200;

export const CreateTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(TOKEN_NAME_MAX_LENGTH),
});
export type CreateTokenBody = z.infer<typeof CreateTokenBodySchema>;

/** Ids are UUIDs; anything else cannot name a token. */
const TokenIdSchema = z.string().min(1).max(128);

@ApiTags('tokens')
@Controller('api/tokens')
export class TokensController {
  constructor(@Inject(ApiTokenService) private readonly tokens: ApiTokenService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API token; its value is in this response only' })
  @ApiZodBody(CreateTokenBodySchema)
  create(@Body(new ZodValidationPipe(CreateTokenBodySchema)) body: CreateTokenBody): Promise<CreatedApiToken> {
    return this.tokens.create(body.name);
  }

  @Get()
  @ApiOperation({ summary: 'List API tokens (revoked ones included; never their values)' })
  async list(): Promise<{ items: ApiTokenInfo[] }> {
    return { items: await this.tokens.list() };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Revoke an API token (idempotent); it stops working at once' })
  revoke(@Param('id', new ZodValidationPipe(TokenIdSchema)) id: string): Promise<ApiTokenInfo> {
    return this.tokens.revoke(id);
  }
}
