import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PutSecretRequestSchema, SecretNameSchema, type PutSecretRequest, type SecretKeyRotation, type SecretList, type SecretRecord } from '@runtime-hub/protocol';
import type { ApiPrincipal } from '../auth/api-token.service';
import { Principal } from '../auth/principal.decorator';
import { Requires } from '../auth/requires.decorator';
import { Audit } from '../audit/audit.decorator';
import { ApiZodBody } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { SecretsService } from './secrets.service';

const namePipe = new ZodValidationPipe(SecretNameSchema);
const putPipe = new ZodValidationPipe(PutSecretRequestSchema);

/** /api/secrets: the secret store. Values go in, never out. */
@ApiTags('secrets')
@Controller('api/secrets')
export class SecretsController {
  constructor(@Inject(SecretsService) private readonly secrets: SecretsService) {}

  @Get()
  @Requires('secrets.read')
  @ApiOperation({ summary: 'Every secret: name, labels, key id, timestamps and writers; never a value' })
  async list(): Promise<SecretList> {
    return { items: await this.secrets.list() };
  }

  @Post('rotate-key')
  @Requires('secrets.write')
  @Audit('secrets.rotate-key', 'secrets')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Re-encrypt every secret under the current key (RH_SECRETS_KEY or the key file's first line); previous keys may then be removed" })
  rotateKey(): Promise<SecretKeyRotation> {
    return this.secrets.rotateKey();
  }

  @Get(':name')
  @Requires('secrets.read')
  @ApiOperation({ summary: 'One secret, without its value' })
  get(@Param('name', namePipe) name: string): Promise<SecretRecord> {
    return this.secrets.get(name);
  }

  @Put(':name')
  @Requires('secrets.write')
  @Audit('secrets.put', 'secret')
  @ApiOperation({ summary: 'Create a secret or replace its value (201 created, 200 replaced); labels limit it to agents holding them all (absent: kept). The value is never answered' })
  @ApiZodBody(PutSecretRequestSchema)
  async put(
    @Param('name', namePipe) name: string,
    @Body(putPipe) body: PutSecretRequest,
    @Principal() principal: ApiPrincipal | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SecretRecord> {
    const { record, created } = await this.secrets.put(name, body, principal);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return record;
  }

  @Delete(':name')
  @Requires('secrets.write')
  @Audit('secrets.delete', 'secret')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a secret; runs that reference it fail to start (or fail SECRET_UNAVAILABLE when already running)' })
  async delete(@Param('name', namePipe) name: string): Promise<void> {
    await this.secrets.delete(name);
  }
}
