/** A schedule's timing that cannot fire: a cron that does not parse, an unknown time zone. `field` names which. */
export class ScheduleTimingError extends Error {
  override readonly name = 'ScheduleTimingError';
  constructor(
    readonly field: 'cron' | 'timeZone' | 'everyMs',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${message}`, options);
  }
}
