import { z } from 'zod';
import { EntityIdSchema, IsoTimestampSchema } from './common.schema';
import { RunPrioritySchema } from './run-priority';
import { TriggerNameSchema } from './schedule.schema';
import { LabelSchema, NODE_ID_PATTERN } from './workflow.schema';

/**
 * Webhook triggers (`/api/hooks` to manage them, `POST /hooks/<id>` to call one): a caller
 * outside the fleet (a Git host, a monitoring system) starts a run of a stored workflow,
 * proving itself with a secret token or an HMAC-SHA256 signature of the body.
 */

/** `token`: `Authorization: Bearer <secret>`; `hmac-sha256`: `X-Hub-Signature-256: sha256=<hex of HMAC(secret, body)>`. */
export const HookAuthSchema = z.enum(['token', 'hmac-sha256']);
export type HookAuth = z.infer<typeof HookAuthSchema>;

/**
 * Where an input's value comes from: `body.a.b` (a field of the JSON body), `headers.x-name`
 * (a request header) or `query.name` (the query string).
 */
export const HOOK_INPUT_PATH_PATTERN = /^(body(\.[^.\s]+)*|headers\.[A-Za-z0-9-]+|query\.[^.\s]+)$/;
export const HookInputPathSchema = z.string().max(500).regex(HOOK_INPUT_PATH_PATTERN, 'a path is body, body.<field>[.<field>...], headers.<name> or query.<name>');

/** The largest calls a minute a hook may allow. */
export const HOOK_RATE_LIMIT_MAX_PER_MINUTE = 60_000;

const hookFields = {
  name: TriggerNameSchema,
  workflowId: z.string().min(1),
  version: z.number().int().min(1).nullable().optional(),
  auth: HookAuthSchema.optional(),
  /** Input name -> where its value comes from. Absent: the JSON body's fields that are declared inputs. */
  inputMap: z.record(z.string().regex(NODE_ID_PATTERN, 'an input name holds only letters, digits and _'), HookInputPathSchema).nullable().optional(),
  /** Calls a minute; more are answered 429. Default RH_HOOK_RATE_LIMIT_PER_MINUTE. */
  rateLimitPerMinute: z.number().int().min(1).max(HOOK_RATE_LIMIT_MAX_PER_MINUTE).optional(),
  targetLabels: z.array(LabelSchema).min(1).nullable().optional(),
  priority: RunPrioritySchema.optional(),
};

export const CreateHookRequestSchema = z.strictObject(hookFields);
export type CreateHookRequest = z.infer<typeof CreateHookRequestSchema>;

export const HookRecordSchema = z.strictObject({
  id: EntityIdSchema,
  name: TriggerNameSchema,
  workflowId: z.string().min(1),
  workflowName: z.string(),
  version: z.number().int().min(1).nullable(),
  auth: HookAuthSchema,
  inputMap: z.record(z.string(), z.string()).nullable(),
  rateLimitPerMinute: z.number().int().min(1),
  targetLabels: z.array(z.string()).nullable(),
  priority: RunPrioritySchema,
  /** The path to call, on the coordinator's address: `/hooks/<id>`. */
  path: z.string(),
  createdAt: IsoTimestampSchema,
  lastCalledAt: IsoTimestampSchema.nullable(),
});
export type HookRecord = z.infer<typeof HookRecordSchema>;

/** `POST /api/hooks` (and `.../rotate-secret`) answer: the record and its secret, shown this once. */
export const HookCreatedSchema = z.strictObject({ hook: HookRecordSchema, secret: z.string() });
export type HookCreated = z.infer<typeof HookCreatedSchema>;

export const HookListSchema = z.strictObject({ items: z.array(HookRecordSchema) });
export type HookList = z.infer<typeof HookListSchema>;
