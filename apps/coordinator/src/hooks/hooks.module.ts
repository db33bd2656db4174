import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module';
import { CLOCK, systemClock } from '../triggers/clock';
import { WorkflowsModule } from '../workflows/workflows.module';
import { HookCallController } from './hook-call.controller';
import { HookRateLimit } from './hook-rate-limit';
import { HooksController } from './hooks.controller';
import { HooksRepository } from './hooks.repository';
import { HooksService } from './hooks.service';

/** Webhook triggers (README.md beside this file): managed under /api/hooks, called at /hooks/<id>. */
@Module({
  imports: [RunsModule, WorkflowsModule],
  controllers: [HooksController, HookCallController],
  providers: [HooksRepository, HookRateLimit, HooksService, { provide: CLOCK, useValue: systemClock }],
})
export class HooksModule {}
