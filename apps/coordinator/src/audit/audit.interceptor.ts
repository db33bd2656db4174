import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { concatMap, from, map, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/api-token.guard';
import { SourceAddress } from '../edge/source-address';
import { actorOf, auditTarget } from './audit-entry';
import { AUDIT, type AuditSpec } from './audit.decorator';
import { AuditService } from './audit.service';

/**
 * Records an audit entry after each successful call of a route marked `@Audit(...)`. The
 * entry is written before the response is sent: a change the log cannot record fails the
 * request rather than going unrecorded.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(SourceAddress) private readonly addresses: SourceAddress,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = context.getType() === 'http' ? this.reflector.get<AuditSpec | undefined>(AUDIT, context.getHandler()) : undefined;
    if (!spec) return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return next.handle().pipe(
      concatMap((result: unknown) => {
        const id = request.params['id'] ?? request.params['name'] ?? (typeof result === 'object' && result !== null ? (result as { id?: unknown }).id : undefined);
        const entry = {
          actor: actorOf(request.apiToken),
          action: spec.action,
          target: auditTarget(spec.targetKind, id),
          sourceAddress: this.addresses.of(request),
        };
        return from(this.audit.record(entry)).pipe(map(() => result));
      }),
    );
  }
}
