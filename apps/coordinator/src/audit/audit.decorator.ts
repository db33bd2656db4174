import { SetMetadata } from '@nestjs/common';

export const AUDIT = 'runtime-hub:audit';

/** What an audited route records: the action, and the kind of thing its `:id` or `:name` (or the result's `id`) names. */
export interface AuditSpec {
  readonly action: string;
  readonly targetKind: string;
}

/**
 * Records an audit entry each time this route succeeds (AuditInterceptor): the actor (the
 * request's principal), the action, `<targetKind>:<id>` (the route's `:id` or `:name`, else the id
 * of what it answered), the source address and the time. A route that fails records nothing.
 */
export const Audit = (action: string, targetKind: string): MethodDecorator => SetMetadata(AUDIT, { action, targetKind } satisfies AuditSpec);
