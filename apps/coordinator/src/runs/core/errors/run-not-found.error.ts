/** No run has this id (REST: 404 naming it). */
export class RunNotFoundError extends Error {
  override readonly name = 'RunNotFoundError';

  constructor(
    readonly runId: string,
    options?: { cause?: unknown },
  ) {
    super(`run "${runId}" not found`, options);
  }
}
