import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { SecretRow } from '@runtime-hub/db';
import type { PutSecretRequest, SecretKeyRotation, SecretRecord } from '@runtime-hub/protocol';
import type { ApiPrincipal } from '../auth/api-token.service';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { ApiError } from '../openapi/api-error';
import { DatabaseService } from '../persistence/database.service';
import { openSecret, sealSecret, SecretUnreadableError, type SecretKeyring } from './secret-crypto';
import { SecretKeys } from './secret-keys';
import { SecretsRepository } from './secrets.repository';

/** Code of a secret write refused because no secrets key is configured. */
export const SECRETS_KEY_MISSING = 'SECRETS_KEY_MISSING';

/** The values of the secrets a task names, or why they cannot go to this agent. */
export type SecretsForAgent = { readonly ok: true; readonly values: ReadonlyMap<string, string> } | { readonly ok: false; readonly message: string };

/**
 * The secret store: values are sealed on the way in and opened only for a delivery
 * (`forAgent`); nothing here returns a value to a REST caller.
 */
@Injectable()
export class SecretsService {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(SecretsRepository) private readonly repository: SecretsRepository,
    @Inject(SecretKeys) private readonly keys: SecretKeys,
  ) {}

  async list(): Promise<SecretRecord[]> {
    return (await this.repository.list(this.database.db)).map(secretRecord);
  }

  async get(name: string): Promise<SecretRecord> {
    const row = await this.repository.find(this.database.db, name);
    if (!row) throw ApiError.notFound(`no secret named "${name}"`);
    return secretRecord(row);
  }

  async put(name: string, request: PutSecretRequest, principal: ApiPrincipal | undefined): Promise<{ record: SecretRecord; created: boolean }> {
    const bytes = Buffer.byteLength(request.value, 'utf8');
    if (bytes > this.config.secrets.maxValueBytes) {
      throw ApiError.badRequest(`value: ${bytes} bytes is above the limit of ${this.config.secrets.maxValueBytes} (RH_SECRET_MAX_BYTES)`);
    }
    const sealed = sealSecret(this.keyring(), name, request.value);
    const by = principal?.name ?? null;
    const written = await this.repository.upsert(
      this.database.db,
      { name, ...sealed, allowedLabels: [...new Set(request.labels ?? [])].sort(), createdBy: by, updatedBy: by },
      request.labels === undefined,
    );
    if (!written) throw ApiError.conflict(`secret "${name}" was deleted while it was written: write it again`);
    const { row, created } = written;
    this.logger.info({ secret: name, created, keyId: sealed.keyId, by }, created ? 'secret created' : 'secret value replaced');
    return { record: secretRecord(row), created };
  }

  async delete(name: string): Promise<void> {
    if (!(await this.repository.delete(this.database.db, name))) throw ApiError.notFound(`no secret named "${name}"`);
    this.logger.info({ secret: name }, 'secret deleted');
  }

  /**
   * Re-encrypts every stored secret under the current key, in one transaction with the rows
   * locked: a row under a previous key (RH_SECRETS_PREVIOUS_KEYS, the key file's later lines)
   * moves to the current one, and every row gets a fresh IV. Runs keep working throughout: a
   * delivery reads each row with the key the row names.
   */
  async rotateKey(): Promise<SecretKeyRotation> {
    const keyring = this.keyring();
    const reencrypted = await this.database.db.transaction(async (tx) => {
      const rows = await this.repository.lockAll(tx);
      for (const row of rows) {
        let value: string;
        try {
          value = openSecret(keyring, row.name, row);
        } catch (error) {
          // Nothing is changed: the transaction rolls back with the first row that does not open.
          if (error instanceof SecretUnreadableError) throw ApiError.conflict(`${error.message}; no secret was re-encrypted`);
          throw error;
        }
        await this.repository.reseal(tx, row.name, sealSecret(keyring, row.name, value));
      }
      return rows.length;
    });
    const retiredKeyIds = [...keyring.byId.keys()].filter((id) => id !== keyring.current.id);
    this.logger.info({ keyId: keyring.current.id, reencrypted, retiredKeyIds }, 'secrets re-encrypted under the current key');
    return { keyId: keyring.current.id, reencrypted, retiredKeyIds };
  }

  /** The names among `names` that no secret has (a run referencing them is refused). */
  async unknownNames(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const found = new Set((await this.repository.findMany(this.database.db, names)).map((row) => row.name));
    return names.filter((name) => !found.has(name));
  }

  /**
   * The values of `names` for an agent holding `agentLabels`: refused, naming the secret, when
   * one is gone, does not open, or is limited to labels the agent lacks.
   */
  async forAgent(names: readonly string[], agentLabels: readonly string[]): Promise<SecretsForAgent> {
    const keyring = this.keys.keyring;
    if (!keyring) return { ok: false, message: `no secrets key is configured on this coordinator, so ${names.join(', ')} cannot be read` };
    const rows = new Map((await this.repository.findMany(this.database.db, names)).map((row) => [row.name, row]));
    const held = new Set(agentLabels);
    const values = new Map<string, string>();
    for (const name of names) {
      const row = rows.get(name);
      if (!row) return { ok: false, message: `secret "${name}" does not exist (deleted after the run started?)` };
      const missing = row.allowedLabels.filter((label) => !held.has(label));
      if (missing.length > 0) {
        return { ok: false, message: `secret "${name}" is limited to agents labelled [${row.allowedLabels.join(', ')}]; this agent lacks [${missing.join(', ')}]` };
      }
      try {
        values.set(name, openSecret(keyring, name, row));
      } catch (error) {
        if (error instanceof SecretUnreadableError) return { ok: false, message: error.message };
        throw error;
      }
    }
    return { ok: true, values };
  }

  private keyring(): SecretKeyring {
    const keyring = this.keys.keyring;
    if (!keyring) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        SECRETS_KEY_MISSING,
        'no secrets key is configured: set RH_SECRETS_KEY (base64 of 32 bytes, `openssl rand -base64 32`) or RH_SECRETS_KEY_FILE and restart the coordinator',
      );
    }
    return keyring;
  }
}

export function secretRecord(row: SecretRow): SecretRecord {
  return {
    name: row.name,
    labels: row.allowedLabels,
    keyId: row.keyId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
  };
}
