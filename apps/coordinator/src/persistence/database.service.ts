import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { migrate, openDatabase, type Database } from '@runtime-hub/db';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';

/**
 * The one handle on Postgres (or embedded PGlite when no DATABASE_URL is set). Migrations run
 * before the coordinator accepts anything.
 */
@Injectable()
export class DatabaseService implements OnApplicationShutdown {
  private handle: Awaited<ReturnType<typeof openDatabase>> | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async open(): Promise<void> {
    const { url, dataDir, poolSize } = this.config.database;
    this.handle = await openDatabase(url ? { url, poolSize } : { dataDir });
    await migrate(this.handle);
    this.logger.info({ database: this.handle.kind }, 'database ready, migrations applied');
  }

  get db(): Database {
    if (!this.handle) throw new Error('DatabaseService used before open()');
    return this.handle.db;
  }

  /** `select 1` on the health check's own connection (DatabaseHandle.ping). */
  ping(): Promise<void> {
    if (!this.handle) throw new Error('DatabaseService used before open()');
    return this.handle.ping();
  }

  get kind(): 'postgres' | 'pglite' {
    if (!this.handle) throw new Error('DatabaseService used before open()');
    return this.handle.kind;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}
