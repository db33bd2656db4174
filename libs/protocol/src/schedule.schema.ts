import { z } from 'zod';
import { EntityIdSchema, IsoTimestampSchema, JsonObjectSchema } from './common.schema';
import { RunPrioritySchema } from './run-priority';
import { RunStatusSchema } from './run-state.schema';
import { LabelSchema } from './workflow.schema';

/**
 * Schedules (`/api/schedules`): a stored workflow started at cron times in a time zone, or at a
 * fixed interval. docs/SCHEDULES.md says how fire times are computed (DST), what happens to
 * fires missed while no coordinator ran (misfire) and to a fire whose previous run is still
 * going (overlap).
 */

/** The shortest interval a schedule may fire at: one fire a second. */
export const SCHEDULE_MIN_INTERVAL_MS = 1_000;
/** The longest interval: a year, beyond which a cron says it better. */
export const SCHEDULE_MAX_INTERVAL_MS = 366 * 24 * 60 * 60 * 1_000;
/** How many upcoming fire times a schedule shows. */
export const SCHEDULE_NEXT_FIRES_SHOWN = 5;

/** A fire that comes later than the coordinator's misfire grace: skip it, or run it once for all that were missed. */
export const MisfirePolicySchema = z.enum(['skip', 'run-once']);
export type MisfirePolicy = z.infer<typeof MisfirePolicySchema>;

/** A fire while the previous run of the schedule is still going: skip it, queue behind it, or cancel it and start. */
export const OverlapPolicySchema = z.enum(['skip', 'queue', 'cancel-previous']);
export type OverlapPolicy = z.infer<typeof OverlapPolicySchema>;

/** Names are how the CLI addresses a schedule, a batch or a hook: printable, no surrounding spaces. */
export const TriggerNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^\S(.*\S)?$/, 'a name neither starts nor ends with a space');

const cronField = z.string().min(1).max(200).describe('A cron expression: 5 fields, or 6 with seconds first (`0 2 * * *`, `*/10 * * * * *`)');
const timeZoneField = z.string().min(1).max(64).describe('An IANA time zone for the cron (`Europe/Berlin`); default UTC');
const everyField = z.number().int().min(SCHEDULE_MIN_INTERVAL_MS).max(SCHEDULE_MAX_INTERVAL_MS).describe('Fire every this many milliseconds instead of a cron');

const scheduleFields = {
  name: TriggerNameSchema,
  workflowId: z.string().min(1),
  /** A pinned version; null or absent: the latest version at each fire. */
  version: z.number().int().min(1).nullable().optional(),
  cron: cronField.optional(),
  timeZone: timeZoneField.optional(),
  everyMs: everyField.optional(),
  inputs: JsonObjectSchema.optional(),
  /** Runs go to agents with these labels instead of the workflow's targets. */
  targetLabels: z.array(LabelSchema).min(1).nullable().optional(),
  misfire: MisfirePolicySchema.optional(),
  overlap: OverlapPolicySchema.optional(),
  priority: RunPrioritySchema.optional(),
  paused: z.boolean().optional(),
};

/** Exactly one of `cron` / `everyMs`; a time zone only with a cron. */
function checkTiming(value: { cron?: string | null | undefined; everyMs?: number | null | undefined; timeZone?: string | null | undefined }, ctx: z.RefinementCtx): void {
  const cron = value.cron !== undefined && value.cron !== null;
  const every = value.everyMs !== undefined && value.everyMs !== null;
  if (cron && every) ctx.addIssue({ code: 'custom', path: ['everyMs'], message: 'give either cron or everyMs, not both' });
  if (value.timeZone !== undefined && value.timeZone !== null && every) ctx.addIssue({ code: 'custom', path: ['timeZone'], message: 'a time zone goes with a cron, not with everyMs' });
}

/** `POST /api/schedules`. */
export const CreateScheduleRequestSchema = z.strictObject(scheduleFields).superRefine((value, ctx) => {
  if (value.cron === undefined && value.everyMs === undefined) ctx.addIssue({ code: 'custom', path: ['cron'], message: 'give either cron or everyMs' });
  checkTiming(value, ctx);
});
export type CreateScheduleRequest = z.infer<typeof CreateScheduleRequestSchema>;

/**
 * `PATCH /api/schedules/:id`: what changes. Switching between cron and interval names the new
 * one and sets the other to null.
 */
export const UpdateScheduleRequestSchema = z
  .strictObject({
    ...scheduleFields,
    name: TriggerNameSchema.optional(),
    workflowId: z.string().min(1).optional(),
    cron: cronField.nullable().optional(),
    timeZone: timeZoneField.nullable().optional(),
    everyMs: everyField.nullable().optional(),
  })
  .superRefine(checkTiming);
export type UpdateScheduleRequest = z.infer<typeof UpdateScheduleRequestSchema>;

/** `POST /api/schedules/preview`: the next fire times of a timing, before saving it. */
export const SchedulePreviewRequestSchema = z
  .strictObject({ cron: cronField.optional(), timeZone: timeZoneField.optional(), everyMs: everyField.optional() })
  .superRefine((value, ctx) => {
    if (value.cron === undefined && value.everyMs === undefined) ctx.addIssue({ code: 'custom', path: ['cron'], message: 'give either cron or everyMs' });
    checkTiming(value, ctx);
  });
export type SchedulePreviewRequest = z.infer<typeof SchedulePreviewRequestSchema>;
export const SchedulePreviewSchema = z.strictObject({ nextFires: z.array(IsoTimestampSchema) });
export type SchedulePreview = z.infer<typeof SchedulePreviewSchema>;

/**
 * What became of one fire. `started`: a run was started (it may wait, queued, for its slot);
 * `skipped-overlap`: the previous run was still going; `skipped-misfire`: the fire came too late
 * (the coordinator was down); `refused`: the run could not be started (the workflow no longer
 * validates, an input is wrong, no agent can match) and `detail` says why.
 */
export const ScheduleFireOutcomeSchema = z.enum(['started', 'skipped-overlap', 'skipped-misfire', 'refused']);
export type ScheduleFireOutcome = z.infer<typeof ScheduleFireOutcomeSchema>;

export const ScheduleFireRecordSchema = z.strictObject({
  scheduleId: EntityIdSchema,
  /** The fire time the schedule named (for "run now": when it was asked). */
  fireAt: IsoTimestampSchema,
  handledAt: IsoTimestampSchema,
  /** Asked for by "run now" rather than by the timing. */
  manual: z.boolean(),
  outcome: ScheduleFireOutcomeSchema,
  runId: z.string().nullable(),
  /** The run's status now; null when no run was started or it was deleted. */
  runStatus: RunStatusSchema.nullable(),
  /** Fire times before this one that no coordinator handled (it was down or too busy). */
  missedFires: z.number().int().min(0),
  detail: z.string().nullable(),
});
export type ScheduleFireRecord = z.infer<typeof ScheduleFireRecordSchema>;

export const ScheduleRecordSchema = z.strictObject({
  id: EntityIdSchema,
  name: TriggerNameSchema,
  workflowId: z.string().min(1),
  workflowName: z.string(),
  version: z.number().int().min(1).nullable(),
  cron: z.string().nullable(),
  timeZone: z.string().nullable(),
  everyMs: z.number().int().nullable(),
  inputs: JsonObjectSchema,
  targetLabels: z.array(LabelSchema).nullable(),
  misfire: MisfirePolicySchema,
  overlap: OverlapPolicySchema,
  priority: RunPrioritySchema,
  paused: z.boolean(),
  createdAt: IsoTimestampSchema,
  updatedAt: IsoTimestampSchema,
  /** The next SCHEDULE_NEXT_FIRES_SHOWN fire times; empty while paused. */
  nextFires: z.array(IsoTimestampSchema),
  lastFire: ScheduleFireRecordSchema.nullable(),
});
export type ScheduleRecord = z.infer<typeof ScheduleRecordSchema>;

export const ScheduleFirePageSchema = z.strictObject({ items: z.array(ScheduleFireRecordSchema), nextCursor: z.string().nullable() });
export type ScheduleFirePage = z.infer<typeof ScheduleFirePageSchema>;

export const ScheduleFireQuerySchema = z.strictObject({
  cursor: z.string().min(1).optional().describe('The nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type ScheduleFireQuery = z.infer<typeof ScheduleFireQuerySchema>;
