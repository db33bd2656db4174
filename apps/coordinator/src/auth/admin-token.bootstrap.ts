import { randomUUID } from 'node:crypto';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { isNull, sql } from 'drizzle-orm';
import { apiTokens } from '@runtime-hub/db';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { DatabaseService } from '../persistence/database.service';
import { generateApiToken, hashApiToken } from './api-token';
import { ApiTokenService } from './api-token.service';

/** File under RH_DATA_DIR that receives a generated admin token (`runtime-hub up` prints its path). */
export const ADMIN_TOKEN_FILE_NAME = 'admin-token';
/** Owner read/write only: the file holds a credential. */
export const ADMIN_TOKEN_FILE_MODE = 0o600;
/** The data directory may hold the token and the embedded database: owner only. */
export const DATA_DIR_MODE = 0o700;
/** Name of the token bootstrapped from RH_ADMIN_TOKEN. */
export const ENV_ADMIN_TOKEN_NAME = 'admin (RH_ADMIN_TOKEN)';
/** Name of the token generated when there is none. */
export const GENERATED_ADMIN_TOKEN_NAME = 'admin (generated)';
/**
 * Transaction-level advisory lock taken while deciding whether to generate an admin token,
 * so replicas starting together on an empty database generate one token, not one each.
 * Any fixed bigint works; this one spells "RHADMTOK" in ASCII.
 */
export const ADMIN_TOKEN_LOCK_KEY = 0x5248414d544f4bn;

export function adminTokenPath(dataDir: string): string {
  return path.join(dataDir, ADMIN_TOKEN_FILE_NAME);
}

/**
 * Makes sure someone can call the API after the first start:
 * - RH_ADMIN_TOKEN set: a token with that value exists (added if missing; idempotent).
 * - otherwise, when no usable (unrevoked) token exists: one is generated and written to
 *   `<RH_DATA_DIR>/admin-token` (mode 0600); the log names the file, never the token.
 *   Revoking every token and restarting therefore issues a new file token: whoever can read
 *   the data directory could read the database anyway.
 */
@Injectable()
export class AdminTokenBootstrap implements OnApplicationBootstrap {
  /** The file a token was written to at this start, if one was generated. */
  generatedTokenFile: string | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(ApiTokenService) private readonly tokens: ApiTokenService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminToken } = this.config.auth;
    if (adminToken) {
      const outcome = await this.tokens.ensure(adminToken, ENV_ADMIN_TOKEN_NAME);
      if (outcome === 'revoked') this.logger.warn('RH_ADMIN_TOKEN names a revoked token: it stays revoked; set a new value to regain access');
      else this.logger.info({ outcome }, 'admin token from RH_ADMIN_TOKEN is in place');
      return;
    }
    this.generatedTokenFile = await this.generateIfNone();
    if (this.generatedTokenFile) {
      this.logger.info({ file: this.generatedTokenFile }, 'no API token existed: generated an admin token and wrote it to this file');
    }
  }

  private async generateIfNone(): Promise<string | undefined> {
    return this.database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${ADMIN_TOKEN_LOCK_KEY.toString()}::bigint)`);
      const [usable] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(isNull(apiTokens.revokedAt)).limit(1);
      if (usable) return undefined;
      const token = generateApiToken();
      // The file is written before the row commits: a failed write leaves no token nobody knows.
      const file = await writeTokenFile(this.config.dataDir, token);
      await tx.insert(apiTokens).values({ id: randomUUID(), name: GENERATED_ADMIN_TOKEN_NAME, tokenHash: hashApiToken(token) });
      return file;
    });
  }
}

/** Writes the token atomically (temp file, then rename) with owner-only permissions. */
async function writeTokenFile(dataDir: string, token: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  const file = path.resolve(adminTokenPath(dataDir));
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${token}\n`, { mode: ADMIN_TOKEN_FILE_MODE });
  // `mode` applies only when the file is created; chmod covers a leftover temp file.
  await chmod(temporary, ADMIN_TOKEN_FILE_MODE);
  await rename(temporary, file);
  return file;
}
