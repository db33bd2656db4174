/**
 * An expected failure of a CLI command: printed as one line, never with a stack trace.
 * `exitCode` follows the CLI contract (2: invalid input, 1: the operation failed).
 */
export class CliError extends Error {
  override readonly name: string = 'CliError';

  constructor(
    message: string,
    readonly exitCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
