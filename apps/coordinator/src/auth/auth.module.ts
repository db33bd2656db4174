import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdminTokenBootstrap } from './admin-token.bootstrap';
import { ApiTokenGuard } from './api-token.guard';
import { ApiTokenService } from './api-token.service';
import { TokensController } from './tokens.controller';

/**
 * API tokens and the guard in front of `/api` (see README.md in this folder). Global so that
 * the dashboard session and other modules can inject ApiTokenService.
 */
@Global()
@Module({
  controllers: [TokensController],
  providers: [ApiTokenService, AdminTokenBootstrap, { provide: APP_GUARD, useClass: ApiTokenGuard }],
  exports: [ApiTokenService, AdminTokenBootstrap],
})
export class AuthModule {}
