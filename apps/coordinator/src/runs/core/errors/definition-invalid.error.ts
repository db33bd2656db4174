import { formatProblem, type ValidationProblem } from '@runtime-hub/graph';

/** The workflow to run did not validate; nothing was stored (REST: 400 VALIDATION_FAILED with every problem). */
export class DefinitionInvalidError extends Error {
  override readonly name = 'DefinitionInvalidError';

  constructor(
    readonly problems: readonly ValidationProblem[],
    options?: { cause?: unknown },
  ) {
    const count = problems.length;
    super(`the workflow definition has ${count} problem${count === 1 ? '' : 's'}: ${problems.map(formatProblem).join('; ')}`, options);
  }
}
