import type { z } from 'zod';
import { didYouMean } from './did-you-mean';

/** A zod issue reduced to what a problem needs, with a message a person can act on. */
export interface FlatIssue {
  readonly code: string;
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/**
 * Parse options that give zod's issues the messages the validator reports (pass them to
 * every `safeParse` whose issues reach a person, then `flattenIssues`):
 * - a missing field reads `required` (`config.script: required`), not zod's
 *   `required`;
 * - a wrong type reads `expected number, received string`;
 * - an unknown key reads `unknown key "urll" (did you mean "url"?)`, suggesting the closest
 *   key the object has;
 * - an empty string or list where one is needed reads `must not be empty`.
 * A message a schema sets itself (`error:` on a field) still wins over these.
 */
export const ISSUE_MESSAGES = { error: issueMessage } as const;

function issueMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : `expected ${issue.expected}, received ${typeName(issue.input)}`;
    case 'unrecognized_keys':
      return unknownKeysMessage(issue.keys, knownKeys(issue.inst));
    case 'too_small':
      return issue.minimum === 1 && (issue.origin === 'string' || issue.origin === 'array') ? 'must not be empty' : undefined;
    default:
      return undefined;
  }
}

function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  const named = keys.map((key) => `"${key}"${didYouMean(key, known)}`);
  return `unknown key${keys.length === 1 ? '' : 's'} ${named.join(', ')}`;
}

/** The keys an object schema declares (what an unknown key may have been meant as). */
function knownKeys(schema: unknown): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: unknown } } } | undefined)?._zod?.def?.shape;
  return typeof shape === 'object' && shape !== null ? Object.keys(shape) : [];
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Turns zod issues into flat ones:
 * - a failed union reports the issues of its closest branch (the one with the fewest issues),
 *   so `target: { labels: "x" }` reads `labels: expected array` rather than "Invalid input";
 * - an invalid record key reports the key rule's own message;
 * - an enum reads `expected one of a|b|c`, a literal `expected "x"`.
 */
export function flattenIssues(issues: readonly Issue[], prefix: ReadonlyArray<string | number> = []): FlatIssue[] {
  const flat: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(toSegment)];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
      if (closest.length > 0) {
        flat.push(...flattenIssues(closest, path));
        continue;
      }
    }
    if ((issue.code === 'invalid_key' || issue.code === 'invalid_element') && issue.issues.length > 0) {
      const messages = issue.issues.map((inner) => messageOf(inner));
      flat.push({ code: issue.code, path, message: messages.join('; ') });
      continue;
    }
    flat.push({ code: issue.code, path, message: messageOf(issue) });
  }
  return flat;
}

function messageOf(issue: Issue): string {
  if (issue.code === 'invalid_value') {
    if (issue.values.length === 1) return `expected ${describeValue(issue.values[0])}`;
    return `expected one of ${issue.values.map((value) => (typeof value === 'string' ? value : describeValue(value))).join('|')}`;
  }
  return issue.message;
}

function describeValue(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
}

function toSegment(key: PropertyKey): string | number {
  return typeof key === 'symbol' ? String(key) : key;
}

/** The value at `path` inside `root`, through own properties only; undefined when absent. */
export function valueAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
