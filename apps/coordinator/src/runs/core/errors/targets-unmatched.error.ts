import type { UnmatchedTarget } from '../target-precheck';

/** Some node targets what no online or known agent can match (REST: 400 naming each node). */
export class TargetsUnmatchedError extends Error {
  override readonly name = 'TargetsUnmatchedError';

  constructor(
    readonly unmatched: readonly UnmatchedTarget[],
    options?: { cause?: unknown },
  ) {
    super(`no agent can ever run this: ${unmatched.map((entry) => entry.message).join('; ')}`, options);
  }
}
