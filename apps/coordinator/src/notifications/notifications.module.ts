import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { NotificationSenders } from './notification-senders';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Notifications (README.md beside this file): rules, deliveries through BullMQ, webhook and SMTP senders. */
@Module({
  imports: [LiveModule],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationSenders, NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
