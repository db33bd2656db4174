import { formatPath } from '@runtime-hub/graph';

/** Which limit an expression broke (expression-limits.ts). */
export type ExpressionLimit = 'time' | 'memory' | 'output' | 'depth' | 'sequence' | 'crash';

export interface ExpressionLimitDetails {
  readonly limit: ExpressionLimit;
  /** The limit's figure, in its unit: ms, MiB, bytes, calls, items (0 for a crash). */
  readonly figure: number;
  readonly expression: string;
  /** Where the expression sits (`['config', 'values', 'big']`). */
  readonly path: ReadonlyArray<string | number>;
  /** For a crash: how the sandbox process ended. */
  readonly exit?: string;
}

const SIZE_OF: Readonly<Record<Exclude<ExpressionLimit, 'crash'>, (figure: number) => string>> = {
  time: (figure) => `${figure} ms time`,
  memory: (figure) => `${figure} MiB memory`,
  output: (figure) => `${figure}-byte output`,
  depth: (figure) => `${figure}-call depth`,
  sequence: (figure) => `${figure}-item sequence`,
};

/**
 * An expression broke one of the sandbox's limits: it ran too long, allocated too much, built
 * too large a result, recursed too deep, or took its sandbox process down. The sandbox
 * process was replaced; the caller's process never noticed. The same expression over the same
 * data breaks the same way, so this is never retried.
 */
export class ExpressionLimitError extends Error {
  override readonly name = 'ExpressionLimitError';
  readonly limit: ExpressionLimit;
  readonly figure: number;
  readonly expression: string;
  readonly path: ReadonlyArray<string | number>;

  constructor(details: ExpressionLimitDetails) {
    const where = details.path.length > 0 ? `${formatPath(details.path)}: ` : '';
    const what =
      details.limit === 'crash'
        ? `expression stopped its sandbox process (${details.exit ?? 'unknown exit'})`
        : `expression exceeded the ${SIZE_OF[details.limit](details.figure)} limit`;
    super(`${where}${what}`);
    this.limit = details.limit;
    this.figure = details.figure;
    this.expression = details.expression;
    this.path = details.path;
  }
}
