/**
 * The system under test could not be brought up or did not answer in time (the coordinator
 * failed to start, workers never came online, a run never finished). `detail` carries what
 * the processes involved printed last, to say why.
 */
export class BenchSetupError extends Error {
  override readonly name = 'BenchSetupError';

  constructor(
    message: string,
    readonly detail: string = '',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
