import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { RoleSchema, allows } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { ApiError } from '../openapi/api-error';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { ApiTokenService, type ApiPrincipal, type ApiTokenInfo, type CreatedApiToken } from './api-token.service';
import { Principal } from './principal.decorator';
import { Requires } from './requires.decorator';
import { Audit } from '../audit/audit.decorator';

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
  /** viewer, operator, editor or admin; default and maximum: the role of the token making it. */
  role: RoleSchema.optional(),
});
export type CreateTokenBody = z.infer<typeof CreateTokenBodySchema>;

/** Ids are UUIDs; anything else cannot name a token. */
const TokenIdSchema = z.string().min(1).max(128);

@ApiTags('tokens')
@Controller('api/tokens')
export class TokensController {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(ApiTokenService) private readonly tokens: ApiTokenService,
  ) {}

  @Post()
  @Requires('tokens.own')
  @Audit('tokens.create', 'token')
  @ApiOperation({ summary: 'Create an API token; its value is in this response only. One made by a session ends with that session.' })
  @ApiZodBody(CreateTokenBodySchema)
  create(@Body(new ZodValidationPipe(CreateTokenBodySchema)) body: CreateTokenBody, @Principal() principal?: ApiPrincipal): Promise<CreatedApiToken> {
    // A person's token expires: RH_PERSONAL_TOKEN_TTL_DAYS when no expiry is asked for.
    const personalDefault = principal?.user && !body.expiresAt ? new Date(Date.now() + this.config.auth.personalTokenTtlDays * DAY_MS) : undefined;
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : personalDefault;
    return this.tokens.create(body.name, { ...(principal ? { creator: principal } : {}), ...(expiresAt ? { expiresAt } : {}), ...(body.role ? { role: body.role } : {}) });
  }

  @Get()
  @Requires('tokens.own')
  @ApiOperation({ summary: 'List API tokens (revoked ones included; never their values)' })
  async list(@Principal() principal?: ApiPrincipal): Promise<{ items: ApiTokenInfo[] }> {
    return { items: await this.tokens.list(this.seesAll(principal) ? {} : { userId: principal?.user?.id ?? '' }) };
  }

  @Delete(':id')
  @Requires('tokens.own')
  @Audit('tokens.revoke', 'token')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Revoke an API token (idempotent); it, and every session and token derived from it, stops working at once' })
  async revoke(@Param('id', new ZodValidationPipe(TokenIdSchema)) id: string, @Principal() principal?: ApiPrincipal): Promise<ApiTokenInfo> {
    if (!this.seesAll(principal)) {
      const token = await this.tokens.find(id);
      // Someone else's token answers like an unknown one: its id says nothing to a non-admin.
      if (!token || token.userId === null || token.userId !== principal?.user?.id) throw ApiError.notFound(`API token "${id}" not found`);
    }
    return this.tokens.revoke(id);
  }

  /** Admins (`tokens.manage`) list and revoke every token; everyone else only the tokens they own. */
  private seesAll(principal: ApiPrincipal | undefined): boolean {
    return principal !== undefined && allows(principal.role, 'tokens.manage');
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
