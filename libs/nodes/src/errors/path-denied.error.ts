import { NonRetryableError } from './non-retryable.error';

/**
 * A file node named a path this host keeps from nodes (the agent's data directory, its policy
 * file, or a path outside the roots the policy allows). Nothing was touched, and the next
 * attempt would be refused the same way.
 */
export class PathDeniedError extends NonRetryableError {
  override readonly name: string = 'PathDeniedError';
  readonly path: string;
  /** Which rule refused it: `policy-file`, `agent-data-dir` or `outside-allowed-roots`. */
  readonly rule: string;

  constructor(path: string, rule: string, message: string, ruleDetails: Readonly<Record<string, unknown>> = {}) {
    super('PATH_DENIED', message, { details: { path, rule, ...ruleDetails } });
    this.path = path;
    this.rule = rule;
  }
}
