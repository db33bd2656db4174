/** No schedule has this id or name (REST: 404 naming it). */
export class ScheduleNotFoundError extends Error {
  override readonly name = 'ScheduleNotFoundError';

  constructor(
    readonly reference: string,
    options?: { cause?: unknown },
  ) {
    super(`schedule "${reference}" not found`, options);
  }
}
