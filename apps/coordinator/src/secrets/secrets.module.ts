import { Global, Module } from '@nestjs/common';
import { DeliveredSecrets } from './delivered-secrets';
import { SecretKeys } from './secret-keys';
import { SecretsController } from './secrets.controller';
import { SecretsRepository } from './secrets.repository';
import { SecretsService } from './secrets.service';

/**
 * The secret store (README.md beside this file). Global: the run starter checks the names a
 * workflow references, the task delivery fills them in, the agents gateway masks them.
 */
@Global()
@Module({
  controllers: [SecretsController],
  providers: [SecretsRepository, SecretKeys, SecretsService, DeliveredSecrets],
  exports: [SecretsService, DeliveredSecrets],
})
export class SecretsModule {}
