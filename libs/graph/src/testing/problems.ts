import { formatProblem } from '../problem.format';
import { validate } from '../validate';
import type { ValidateOptions, ValidationProblem } from '../validation.types';
import { TEST_CATALOGUE } from './test-catalogue';

/** The problems validate finds in `input` against the test catalogue ([] when it is valid). */
export function problemsOf(input: unknown, options?: Partial<ValidateOptions>): ValidationProblem[] {
  const result = validate(input, TEST_CATALOGUE, options);
  return result.ok ? [] : result.problems;
}

/** The same problems as formatProblem lines, which read well in assertions. */
export function linesOf(input: unknown, options?: Partial<ValidateOptions>): string[] {
  return problemsOf(input, options).map((problem) => `${problem.code} ${formatProblem(problem)}`);
}
