import { z } from 'zod';
import { EntityIdSchema, IsoTimestampSchema } from './common.schema';

/**
 * Notifications (`/api/notifications`): when a run of a workflow or a schedule fails (and, if
 * asked, when it succeeds), or a batch finishes, a signed JSON POST to a URL or an email over
 * SMTP. Deliveries are retried with backoff and kept, failed ones too; none ever holds up a run.
 */

/** What a rule watches: every top-level run of a workflow, the runs of a schedule, or a batch as a whole. */
export const NotificationScopeSchema = z.enum(['workflow', 'schedule', 'batch']);
export type NotificationScope = z.infer<typeof NotificationScopeSchema>;

export const NotificationChannelSchema = z.enum(['webhook', 'email']);
export type NotificationChannel = z.infer<typeof NotificationChannelSchema>;

/** `failed`: a run failed (a batch finished with failed items); `succeeded`: a run succeeded (a batch finished without). */
export const NotificationEventSchema = z.enum(['failed', 'succeeded']);
export type NotificationEvent = z.infer<typeof NotificationEventSchema>;

const EmailAddressSchema = z.email().max(320);

/** `POST /api/notifications`: a webhook URL or email addresses, one of the two. */
export const CreateNotificationRuleRequestSchema = z
  .strictObject({
    scope: NotificationScopeSchema,
    /** The workflow, schedule or batch id. */
    scopeId: z.string().min(1),
    /** Also notify on success; failures are always notified. */
    onSuccess: z.boolean().optional(),
    webhookUrl: z.url({ protocol: /^https?$/ }).max(2_000).optional(),
    emailTo: z.array(EmailAddressSchema).min(1).max(50).optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.webhookUrl === undefined) === (value.emailTo === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['webhookUrl'], message: 'give either webhookUrl or emailTo, one of the two' });
    }
  });
export type CreateNotificationRuleRequest = z.infer<typeof CreateNotificationRuleRequestSchema>;

export const NotificationRuleRecordSchema = z.strictObject({
  id: EntityIdSchema,
  scope: NotificationScopeSchema,
  scopeId: z.string(),
  onSuccess: z.boolean(),
  channel: NotificationChannelSchema,
  /** The webhook URL, or the email addresses joined by ", ". */
  target: z.string(),
  createdAt: IsoTimestampSchema,
});
export type NotificationRuleRecord = z.infer<typeof NotificationRuleRecordSchema>;

/**
 * `POST /api/notifications` answers the rule and, for a webhook, the secret its deliveries are
 * signed with (`X-Runtime-Hub-Signature: sha256=<hex of HMAC(secret, body)>`), shown this once.
 */
export const NotificationRuleCreatedSchema = z.strictObject({ rule: NotificationRuleRecordSchema, secret: z.string().nullable() });
export type NotificationRuleCreated = z.infer<typeof NotificationRuleCreatedSchema>;

export const NotificationDeliveryStatusSchema = z.enum(['pending', 'sent', 'failed']);
export type NotificationDeliveryStatus = z.infer<typeof NotificationDeliveryStatusSchema>;

export const NotificationDeliveryRecordSchema = z.strictObject({
  id: EntityIdSchema,
  ruleId: EntityIdSchema,
  event: NotificationEventSchema,
  /** What it is about: a run, or a batch. */
  subjectKind: z.enum(['run', 'batch']),
  subjectId: z.string(),
  channel: NotificationChannelSchema,
  target: z.string(),
  status: NotificationDeliveryStatusSchema,
  attempts: z.number().int().min(0),
  lastError: z.string().nullable(),
  createdAt: IsoTimestampSchema,
  sentAt: IsoTimestampSchema.nullable(),
});
export type NotificationDeliveryRecord = z.infer<typeof NotificationDeliveryRecordSchema>;

export const NotificationRuleListSchema = z.strictObject({ items: z.array(NotificationRuleRecordSchema) });
export const NotificationDeliveryListSchema = z.strictObject({ items: z.array(NotificationDeliveryRecordSchema) });

export const NotificationDeliveryQuerySchema = z.strictObject({
  status: NotificationDeliveryStatusSchema.optional(),
  ruleId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type NotificationDeliveryQuery = z.infer<typeof NotificationDeliveryQuerySchema>;

/** The JSON body of a webhook notification. */
export const NotificationPayloadSchema = z.strictObject({
  event: NotificationEventSchema,
  subjectKind: z.enum(['run', 'batch']),
  subjectId: z.string(),
  scope: NotificationScopeSchema,
  scopeId: z.string(),
  /** One line a person reads: `run 1f2e... of "nightly" failed: node "copy": exit code 1`. */
  summary: z.string(),
  /** The run's summary (RunSummary) or the batch's record (BatchRecord) when it was sent. */
  subject: z.unknown(),
  /** The dashboard path of the subject: `/runs/<id>`, `/batches/<id>`. */
  path: z.string(),
  sentAt: IsoTimestampSchema,
});
export type NotificationPayload = z.infer<typeof NotificationPayloadSchema>;
