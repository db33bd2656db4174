import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';

/**
 * This coordinator process among the replicas of its deployment. A new id at every start: a
 * restarted replica is a new holder of leases and agents, so nothing the dead process held is
 * mistaken for its own.
 */
@Injectable()
export class ReplicaIdentity {
  readonly id = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}
