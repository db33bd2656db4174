import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AGENT_TAG_MAX_COUNT, SHORT_NAME_MAX_LENGTH, type CreatedEnrollToken, type EnrollTokenRecord } from '@runtime-hub/protocol';
import { z } from 'zod';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { ApiError } from '../openapi/api-error';
import { ApiZodBody } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { toEnrollTokenRecord } from './enroll-token-state';
import { EnrollTokensRepository } from './enroll-tokens.repository';
import { Requires } from '../auth/requires.decorator';
import { Audit } from '../audit/audit.decorator';

/** The longest an enroll token may live: a year. Longer-lived secrets belong in a vault, not a token. */
export const ENROLL_TOKEN_MAX_TTL_MS = 365 * 24 * 60 * 60 * 1000;
/** More uses than this is an unlimited token in disguise: leave `maxUses` out instead. */
export const ENROLL_TOKEN_MAX_USES = 100_000;

export const CreateEnrollTokenBodySchema = z.strictObject({
  /** Given to every agent that enrolls with the token, merged with what the agent declares. */
  labels: z.array(z.string().trim().min(1).max(SHORT_NAME_MAX_LENGTH)).max(AGENT_TAG_MAX_COUNT).default([]),
  /** Counted from creation, on the coordinator's clock. Default: RH_ENROLL_TOKEN_DEFAULT_TTL_MS. */
  expiresInMs: z.number().int().min(1).max(ENROLL_TOKEN_MAX_TTL_MS).optional(),
  /** Enrollments allowed; left out: unlimited until it expires or is revoked. */
  maxUses: z.number().int().min(1).max(ENROLL_TOKEN_MAX_USES).optional(),
});
export type CreateEnrollTokenBody = z.infer<typeof CreateEnrollTokenBodySchema>;

const EnrollTokenIdSchema = z.string().min(1).max(128);

/** /api/enroll-tokens: what agents present once to enroll. The secret is in the create response only. */
@ApiTags('agents')
@Controller('api/enroll-tokens')
export class EnrollTokensController {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(EnrollTokensRepository) private readonly tokens: EnrollTokensRepository,
  ) {}

  @Post()
  @Requires('enroll-tokens.manage')
  @Audit('enroll-tokens.create', 'enroll-token')
  @ApiOperation({ summary: 'Create an enroll token; its secret (`token`) is in this response only' })
  @ApiZodBody(CreateEnrollTokenBodySchema)
  async create(@Body(new ZodValidationPipe(CreateEnrollTokenBodySchema)) body: CreateEnrollTokenBody): Promise<CreatedEnrollToken> {
    const { row, secret } = await this.tokens.create({
      labels: [...new Set(body.labels)],
      maxUses: body.maxUses ?? null,
      expiresInMs: body.expiresInMs ?? this.config.agents.enrollTokenDefaultTtlMs,
    });
    return { ...toEnrollTokenRecord(row, new Date()), token: secret };
  }

  @Get()
  @Requires('enroll-tokens.manage')
  @ApiOperation({ summary: 'Every enroll token, newest first, with its state (usable, expired, used-up, revoked); never the secret' })
  async list(): Promise<EnrollTokenRecord[]> {
    const now = new Date();
    return (await this.tokens.list()).map((row) => toEnrollTokenRecord(row, now));
  }

  @Delete(':id')
  @Requires('enroll-tokens.manage')
  @Audit('enroll-tokens.revoke', 'enroll-token')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Revoke an enroll token (idempotent): no agent can enroll with it from now on; enrolled agents stay' })
  async revoke(@Param('id', new ZodValidationPipe(EnrollTokenIdSchema)) id: string): Promise<EnrollTokenRecord> {
    const row = await this.tokens.revoke(id);
    if (!row) throw ApiError.notFound(`enroll token "${id}" not found`);
    return toEnrollTokenRecord(row, new Date());
  }
}
