import { Controller, Get, Inject } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { ReplicaIdentity } from '../cluster/replica-identity';
import { DatabaseService } from '../persistence/database.service';

/**
 * Liveness and readiness for load balancers and compose health checks; no auth. It names the
 * replica that answered (host, pid and a random part: nothing secret), so an operator behind a
 * load balancer can tell replicas apart.
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(ReplicaIdentity) private readonly replica: ReplicaIdentity,
  ) {}

  @Get('health')
  async health(): Promise<{ status: 'ok'; database: string; replica: string }> {
    await this.database.db.execute(sql`select 1`);
    return { status: 'ok', database: this.database.kind, replica: this.replica.id };
  }
}
