import type { z } from 'zod';

export interface IssueSummary {
  readonly path: string;
  readonly message: string;
}

/** `nodes.0.id` style paths, as in the configuration errors, under an optional prefix (`body`). */
export function summarizeIssues(issues: readonly z.core.$ZodIssue[], prefix?: string): IssueSummary[] {
  return issues.map((issue) => ({
    path: [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** One line naming every path that is wrong: `body.name: must not be empty; query.from: required`. */
export function describeIssues(summaries: readonly IssueSummary[]): string {
  return summaries.map(({ path, message }) => (path ? `${path}: ${message}` : message)).join('; ');
}
