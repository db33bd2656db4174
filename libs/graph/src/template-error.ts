import { formatPath } from './problem.path';

export interface TemplateErrorDetails {
  /** The JSONata expression that could not be evaluated. */
  readonly expression: string;
  /** Where the template sits in the value being resolved (`['headers', 'Authorization']`). */
  readonly path?: ReadonlyArray<string | number>;
  readonly cause?: unknown;
}

/**
 * A template or expression that cannot produce a value at run time: it reads a node that is
 * not upstream or has no output, or JSONata failed while evaluating it. The node fails with
 * this message; retrying does not help, the definition or the data must change.
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly expression: string;
  readonly path: ReadonlyArray<string | number>;

  constructor(reason: string, details: TemplateErrorDetails) {
    const path = details.path ?? [];
    const where = path.length > 0 ? ` at ${formatPath(path)}` : '';
    super(`expression "${details.expression}"${where}: ${reason}`, { cause: details.cause });
    this.expression = details.expression;
    this.path = path;
  }
}
