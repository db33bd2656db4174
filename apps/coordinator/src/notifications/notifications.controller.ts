import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateNotificationRuleRequestSchema,
  EntityIdSchema,
  NotificationDeliveryQuerySchema,
  type CreateNotificationRuleRequest,
  type NotificationDeliveryQuery,
  type NotificationDeliveryRecord,
  type NotificationRuleCreated,
  type NotificationRuleRecord,
} from '@runtime-hub/protocol';
import { ApiZodBody, ApiZodQuery } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { NotificationsService } from './notifications.service';
import { Requires } from '../auth/requires.decorator';
import { Audit } from '../audit/audit.decorator';

const createPipe = new ZodValidationPipe(CreateNotificationRuleRequestSchema);
const deliveriesPipe = new ZodValidationPipe(NotificationDeliveryQuerySchema);
const idPipe = new ZodValidationPipe(EntityIdSchema);

/** /api/notifications: rules (a workflow, schedule or batch -> a webhook URL or email addresses) and their deliveries. */
@ApiTags('notifications')
@Controller('api/notifications')
export class NotificationsController {
  constructor(@Inject(NotificationsService) private readonly notifications: NotificationsService) {}

  @Post()
  @Requires('notifications.write')
  @Audit('notifications.create', 'notification')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Notify a webhook URL (signed JSON; the secret is answered once) or email addresses when a run of a workflow or schedule fails (onSuccess: also succeeds), or a batch finishes' })
  @ApiZodBody(CreateNotificationRuleRequestSchema)
  create(@Body(createPipe) body: CreateNotificationRuleRequest): Promise<NotificationRuleCreated> {
    return this.notifications.createRule(body);
  }

  @Get()
  @Requires('triggers.read')
  @ApiOperation({ summary: 'Every notification rule' })
  async list(): Promise<{ items: NotificationRuleRecord[] }> {
    return { items: await this.notifications.rules() };
  }

  @Get('deliveries')
  @Requires('triggers.read')
  @ApiOperation({ summary: 'Deliveries, newest first: status pending | sent | failed, attempts, last error; filters status and ruleId' })
  @ApiZodQuery(NotificationDeliveryQuerySchema)
  async deliveries(@Query(deliveriesPipe) query: NotificationDeliveryQuery): Promise<{ items: NotificationDeliveryRecord[] }> {
    return { items: await this.notifications.deliveries(query) };
  }

  @Delete(':id')
  @Requires('notifications.write')
  @Audit('notifications.delete', 'notification')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a rule and its deliveries' })
  async delete(@Param('id', idPipe) id: string): Promise<void> {
    await this.notifications.deleteRule(id);
  }
}
