import type { MisfirePolicy, OverlapPolicy } from '@runtime-hub/protocol';

/** The new-schedule form as typed, and what it sends. Pure. */
export interface ScheduleForm {
  readonly name: string;
  readonly workflowId: string;
  readonly kind: 'cron' | 'interval';
  readonly cron: string;
  readonly timeZone: string;
  /** Seconds between fires, as typed. */
  readonly everySeconds: string;
  /** Inputs as a JSON object, as typed. */
  readonly inputs: string;
  readonly misfire: MisfirePolicy;
  readonly overlap: OverlapPolicy;
  readonly priority: string;
}

export const EMPTY_SCHEDULE_FORM: ScheduleForm = {
  name: '',
  workflowId: '',
  kind: 'cron',
  cron: '0 2 * * *',
  timeZone: 'UTC',
  everySeconds: '60',
  inputs: '{}',
  misfire: 'skip',
  overlap: 'skip',
  priority: '50',
};

export type FormResult = { ok: true; body: Record<string, unknown> } | { ok: false; field: keyof ScheduleForm; message: string };

/** The timing alone, for the preview of the next fires. */
export function timingBody(form: ScheduleForm): FormResult {
  if (form.kind === 'cron') {
    if (form.cron.trim() === '') return { ok: false, field: 'cron', message: 'a cron expression is required' };
    return { ok: true, body: { cron: form.cron.trim(), timeZone: form.timeZone.trim() || 'UTC' } };
  }
  const seconds = Number(form.everySeconds);
  if (!Number.isInteger(seconds) || seconds < 1) return { ok: false, field: 'everySeconds', message: 'a whole number of seconds, 1 or more' };
  return { ok: true, body: { everyMs: seconds * 1_000 } };
}

/** The request body, or the first field that is wrong and why. */
export function scheduleBody(form: ScheduleForm): FormResult {
  if (form.name.trim() === '') return { ok: false, field: 'name', message: 'a name is required' };
  if (form.workflowId === '') return { ok: false, field: 'workflowId', message: 'choose a workflow' };
  const timing = timingBody(form);
  if (!timing.ok) return timing;
  let inputs: unknown;
  try {
    inputs = JSON.parse(form.inputs.trim() === '' ? '{}' : form.inputs);
  } catch {
    return { ok: false, field: 'inputs', message: 'not JSON: write the inputs as an object, e.g. {"dir": "C:/Temp"}' };
  }
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) return { ok: false, field: 'inputs', message: 'the inputs are a JSON object' };
  const priority = Number(form.priority);
  if (!Number.isInteger(priority) || priority < 1 || priority > 100) return { ok: false, field: 'priority', message: 'a whole number from 1 (last) to 100 (first)' };
  return { ok: true, body: { name: form.name.trim(), workflowId: form.workflowId, ...timing.body, inputs, misfire: form.misfire, overlap: form.overlap, priority } };
}

/** How a schedule's timing reads in a list. */
export function describeTiming(schedule: { cron: string | null; timeZone: string | null; everyMs: number | null }): string {
  if (schedule.cron !== null) return `${schedule.cron} (${schedule.timeZone ?? 'UTC'})`;
  const seconds = (schedule.everyMs ?? 0) / 1_000;
  if (seconds % 3_600 === 0) return `every ${seconds / 3_600} h`;
  if (seconds % 60 === 0) return `every ${seconds / 60} min`;
  return `every ${seconds} s`;
}
