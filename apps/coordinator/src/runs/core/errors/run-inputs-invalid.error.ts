import type { InputProblem } from '../run-inputs';

/** The run's inputs do not fit the workflow's declared inputs (REST: 400 naming each input). */
export class RunInputsInvalidError extends Error {
  override readonly name = 'RunInputsInvalidError';

  constructor(
    readonly problems: readonly InputProblem[],
    options?: { cause?: unknown },
  ) {
    super(`invalid run inputs: ${problems.map((problem) => `inputs.${problem.input}: ${problem.message}`).join('; ')}`, options);
  }
}
