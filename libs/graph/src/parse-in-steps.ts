import type { z } from 'zod';

/** A long list inside the input: where it is, and the schema of one of its items. */
export interface SteppedList {
  readonly path: readonly string[];
  readonly item: z.ZodType;
}

export type SteppedParse<T> = { readonly success: true; readonly data: T } | { readonly success: false; readonly issues: z.core.$ZodIssue[] };

/**
 * `schema.safeParse(input, params)` for an input with long lists (a definition's 10,000 nodes),
 * yielding every `itemsPerStep` items so that a caller on a shared event loop can give it back
 * (`validateInTurns`, the coordinator's start request):
 *
 * 1. The input with each list cut to its first item, by `schema` itself: every other field
 *    and the lists' own rules (not empty).
 * 2. Each list's other items by its item schema; an issue's path is the one the whole parse
 *    gives it (`nodes.7.id`).
 * 3. The parsed items put back in order at their paths.
 *
 * The outcome is the schema's own — the same data, or the same issues in its order (but for a
 * list whose first item has none: its issues go before those of the next list, or last) — as
 * long as the schema has no rule across a list's items; the graph validator checks those. A
 * list that is missing or not an array is left to step 1.
 */
export function* parseInSteps<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  lists: readonly SteppedList[],
  itemsPerStep: number,
  params?: z.core.ParseContext<z.core.$ZodIssue>,
): Generator<void, SteppedParse<z.output<Schema>>> {
  const present = lists.map((list) => ({ list, items: valueAt(input, list.path) })).filter((found): found is { list: SteppedList; items: unknown[] } => Array.isArray(found.items));

  // 1. everything but the lists' other items
  let head = input;
  for (const { list, items } of present) head = replacedAt(head, list.path, items.slice(0, 1));
  const parsedHead = schema.safeParse(head, params);
  const issues: z.core.$ZodIssue[] = parsedHead.success ? [] : [...parsedHead.error.issues];

  // 2. the other items, a step at a time; their issues go after those of the list's first item
  const rests: unknown[][] = [];
  let sinceYield = 0;
  for (const [at, { list, items }] of present.entries()) {
    const rest: unknown[] = [];
    const restIssues: z.core.$ZodIssue[] = [];
    for (let index = 1; index < items.length; index += 1) {
      if (sinceYield++ === itemsPerStep) {
        sinceYield = 1;
        yield;
      }
      const item = list.item.safeParse(items[index], params);
      if (item.success) rest.push(item.data);
      else for (const issue of item.error.issues) restIssues.push({ ...issue, path: [...list.path, index, ...issue.path] });
    }
    rests.push(rest);
    issues.splice(insertionPoint(issues, present.slice(at).map((found) => found.list.path)), 0, ...restIssues);
  }
  if (!parsedHead.success || issues.length > 0) return { success: false, issues };

  // 3. the parsed items back in place
  let data: unknown = parsedHead.data;
  present.forEach(({ list }, at) => {
    data = replacedAt(data, list.path, [...(valueAt(data, list.path) as unknown[]), ...(rests[at] ?? [])]);
  });
  return { success: true, data: data as z.output<Schema> };
}

/**
 * Where a list's other issues go among the issues so far: after the last one under the list
 * (`paths[0]`), else before the first one under a later list, else last.
 */
function insertionPoint(issues: readonly z.core.$ZodIssue[], paths: readonly (readonly string[])[]): number {
  const under = (issue: z.core.$ZodIssue, path: readonly string[]) => path.every((key, index) => issue.path[index] === key);
  const [own, ...later] = paths;
  for (let index = issues.length - 1; own && index >= 0; index -= 1) if (under(issues[index]!, own)) return index + 1;
  const next = issues.findIndex((issue) => later.some((path) => under(issue, path)));
  return next >= 0 ? next : issues.length;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A copy of `value` with `replacement` at `path` (objects along it copied, the rest shared). */
function replacedAt(value: unknown, path: readonly string[], replacement: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return replacement;
  const record = value as Record<string, unknown>;
  return { ...record, [key]: replacedAt(record[key], rest, replacement) };
}
