import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditRetention } from './audit.retention';
import { AuditService } from './audit.service';

/** The audit log (README.md in this folder). Global: any module may `record` an entry. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditRetention, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditService],
})
export class AuditModule {}
