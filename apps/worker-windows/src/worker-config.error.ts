/**
 * The worker's settings (flags and environment) are wrong. Carries every problem at once, one
 * per line, so an operator fixes them in one go rather than one per restart.
 */
export class WorkerConfigError extends Error {
  override readonly name = 'WorkerConfigError';

  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`invalid worker configuration:\n  ${problems.join('\n  ')}`, options);
  }
}
