import { Controller, Get, Inject } from '@nestjs/common';
import { ReplicaIdentity } from '../cluster/replica-identity';
import { DatabaseService } from '../persistence/database.service';

/**
 * Liveness and readiness for load balancers and compose health checks; no auth. It names the
 * replica that answered (host, pid and a random part: nothing secret), so an operator behind a
 * load balancer can tell replicas apart. The database is asked on a connection of its own, so
 * the answer never waits behind the engine's work for one of the pool's.
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(ReplicaIdentity) private readonly replica: ReplicaIdentity,
  ) {}

  @Get('health')
  async health(): Promise<{ status: 'ok'; database: string; replica: string }> {
    await this.database.ping();
    return { status: 'ok', database: this.database.kind, replica: this.replica.id };
  }
}
