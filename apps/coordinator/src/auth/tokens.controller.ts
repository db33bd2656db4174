import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { ApiTokenService, type ApiPrincipal, type ApiTokenInfo, type CreatedApiToken } from './api-token.service';
import { Principal } from './principal.decorator';

/** Longest token name: a label for people ("ci", "alice's laptop"), not a document. */
export const TOKEN_NAME_MAX_LENGTH = 200;

export const CreateTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(TOKEN_NAME_MAX_LENGTH),
  /**
   * When the token stops working (ISO time); omitted: never, for a token made with a root
   * token. A token made by a dashboard session (or by a token a session made) ends with that
   * session at the latest, and is refused once its session is signed out or revoked.
   */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateTokenBody = z.infer<typeof CreateTokenBodySchema>;

/** Ids are UUIDs; anything else cannot name a token. */
const TokenIdSchema = z.string().min(1).max(128);

@ApiTags('tokens')
@Controller('api/tokens')
export class TokensController {
  constructor(@Inject(ApiTokenService) private readonly tokens: ApiTokenService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API token; its value is in this response only. One made by a session ends with that session.' })
  @ApiZodBody(CreateTokenBodySchema)
  create(@Body(new ZodValidationPipe(CreateTokenBodySchema)) body: CreateTokenBody, @Principal() principal?: ApiPrincipal): Promise<CreatedApiToken> {
    return this.tokens.create(body.name, { ...(principal ? { creator: principal } : {}), ...(body.expiresAt ? { expiresAt: new Date(body.expiresAt) } : {}) });
  }

  @Get()
  @ApiOperation({ summary: 'List API tokens (revoked ones included; never their values)' })
  async list(): Promise<{ items: ApiTokenInfo[] }> {
    return { items: await this.tokens.list() };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Revoke an API token (idempotent); it, and every session and token derived from it, stops working at once' })
  revoke(@Param('id', new ZodValidationPipe(TokenIdSchema)) id: string): Promise<ApiTokenInfo> {
    return this.tokens.revoke(id);
  }
}
