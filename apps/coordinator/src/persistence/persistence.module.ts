import { Global, Module, type OnModuleInit, Inject } from '@nestjs/common';
import { DatabaseService } from './database.service';

/** Opens the database (and applies migrations) before any other module starts. */
@Global()
@Module({ providers: [DatabaseService], exports: [DatabaseService] })
export class PersistenceModule implements OnModuleInit {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async onModuleInit(): Promise<void> {
    await this.database.open();
  }
}
