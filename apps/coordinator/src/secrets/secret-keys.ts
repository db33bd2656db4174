import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { DatabaseService } from '../persistence/database.service';
import type { SecretKeyring } from './secret-crypto';
import { loadSecretKeyring } from './secret-keyring.loader';
import { SecretsKeyProblemError } from './secrets-key-problem.error';
import { SecretsRepository } from './secrets.repository';

/**
 * The coordinator's secrets keyring, loaded once at start (secret-keyring.loader.ts), and the
 * start-up check against the stored rows: secrets stored and no key configured, or rows under a
 * key the keyring does not hold, stop the start naming the variables to set. A coordinator
 * without a key and without secrets starts; writing a secret is then refused (409).
 */
@Injectable()
export class SecretKeys implements OnModuleInit, OnApplicationBootstrap {
  private loaded: SecretKeyring | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(SecretsRepository) private readonly repository: SecretsRepository,
  ) {}

  get keyring(): SecretKeyring | undefined {
    return this.loaded;
  }

  async onModuleInit(): Promise<void> {
    const { keyring, generatedFile } = await loadSecretKeyring(this.config.secrets);
    this.loaded = keyring;
    if (generatedFile) this.logger.info({ file: generatedFile }, 'no secrets key was configured: generated one for the embedded database and wrote it to this file');
  }

  async onApplicationBootstrap(): Promise<void> {
    const byKey = await this.repository.countByKey(this.database.db);
    const stored = byKey.reduce((sum, entry) => sum + entry.rows, 0);
    if (stored === 0) return;
    if (!this.loaded) {
      throw new SecretsKeyProblemError(
        `${stored} secret(s) are stored but no secrets key is configured: set RH_SECRETS_KEY (base64 of 32 bytes) or RH_SECRETS_KEY_FILE to the key they were written with`,
      );
    }
    const keyring = this.loaded;
    const unknown = byKey.filter((entry) => !keyring.byId.has(entry.keyId));
    if (unknown.length > 0) {
      const listed = unknown.map((entry) => `${entry.rows} under key ${entry.keyId}`).join(', ');
      throw new SecretsKeyProblemError(
        `stored secrets are encrypted under keys that are not configured (${listed}; configured: ${[...keyring.byId.keys()].join(', ')}): add the old key to RH_SECRETS_PREVIOUS_KEYS, or set RH_SECRETS_KEY / RH_SECRETS_KEY_FILE to it`,
      );
    }
    const previous = byKey.filter((entry) => entry.keyId !== keyring.current.id);
    if (previous.length > 0) {
      this.logger.warn({ keys: previous }, 'some secrets are still encrypted under a previous key: run `runtime-hub secrets rotate-key`');
    }
  }
}
