import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module';
import { CLOCK, systemClock } from '../triggers/clock';
import { WorkflowsModule } from '../workflows/workflows.module';
import { ScheduleFires } from './schedule-fires.service';
import { ScheduleScheduler } from './schedule-scheduler';
import { SchedulesController } from './schedules.controller';
import { SchedulesRepository } from './schedules.repository';
import { SchedulesService } from './schedules.service';

/** Schedules (README.md beside this file): stored in Postgres, fired through BullMQ job schedulers, runs started by the engine. */
@Module({
  imports: [RunsModule, WorkflowsModule],
  controllers: [SchedulesController],
  providers: [SchedulesRepository, ScheduleFires, ScheduleScheduler, SchedulesService, { provide: CLOCK, useValue: systemClock }],
  exports: [SchedulesRepository],
})
export class SchedulesModule {}
