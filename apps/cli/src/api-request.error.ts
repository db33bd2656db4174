import { CliError } from './cli-error';

/**
 * The coordinator answered a request with an error. Its message is what the user reads (see
 * ApiClient); `code` and `problems` are the REST error's own, for a command that adds advice
 * of its own to a particular refusal (`run` on INVALID_INPUTS).
 */
export class ApiRequestError extends CliError {
  override readonly name = 'ApiRequestError';

  constructor(
    message: string,
    exitCode: number,
    readonly status: number,
    readonly code: string | undefined,
    readonly problems: readonly unknown[],
  ) {
    super(message, exitCode);
  }
}
