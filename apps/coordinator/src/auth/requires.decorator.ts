import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Permission } from '@runtime-hub/protocol';

export const REQUIRES = 'runtime-hub:requires';
/** The OpenAPI operation member naming the permission (read by clients and the route-walking test). */
export const PERMISSION_EXTENSION = 'x-permission';

/**
 * The permission a route needs (libs/protocol access-policy.ts). Every route under `/api`
 * that is not `@Public()` must declare one: ApiTokenGuard refuses a route without it (deny
 * by default). The permission is also written into the OpenAPI document.
 */
export const Requires = (permission: Permission): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRES, permission), ApiExtension(PERMISSION_EXTENSION, permission));
