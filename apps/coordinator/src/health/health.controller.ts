import { Controller, Get, Inject } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { DatabaseService } from '../persistence/database.service';

/** Liveness and readiness for load balancers and compose health checks; no auth. */
@Controller()
export class HealthController {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  @Get('health')
  async health(): Promise<{ status: 'ok'; database: string }> {
    await this.database.db.execute(sql`select 1`);
    return { status: 'ok', database: this.database.kind };
  }
}
