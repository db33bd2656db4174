import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './api-token.guard';
import type { ApiPrincipal } from './api-token.service';

/** The token that authenticated this request (undefined on `@Public()` routes). */
export const Principal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ApiPrincipal | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().apiToken,
);
