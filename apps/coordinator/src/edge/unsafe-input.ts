import { runAllSteps } from '@runtime-hub/graph';

/**
 * Input that no part of the coordinator can store or walk safely, found once at the edge
 * (REST bodies, query strings and paths; Socket.IO messages and handshakes) so it is refused
 * with a 400 naming the field instead of failing deep inside (Postgres refuses NUL in text and
 * lone surrogates in JSON; recursive walks overflow the stack on deep nesting).
 *
 * - text (values and keys) with a NUL character (U+0000);
 * - text with a lone surrogate (U+D800..U+DFFF not in a pair): not Unicode, cannot be UTF-8;
 * - objects and arrays nested deeper than RH_MAX_JSON_DEPTH.
 */

export type InputPath = ReadonlyArray<string | number>;

export interface InputProblem {
  readonly path: InputPath;
  readonly message: string;
}

/** A NUL, or a high surrogate not followed by a low one, or a low one not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSAFE_CHARACTER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string, or undefined. */
export function unsafeTextProblem(text: string): string | undefined {
  const match = UNSAFE_CHARACTER.exec(text);
  if (!match) return undefined;
  if (match[0] === '\u0000') return `contains a NUL character (U+0000) at position ${match.index}`;
  const code = match[0].charCodeAt(0).toString(16).toUpperCase();
  return `contains a lone surrogate (U+${code}) at position ${match.index}: not valid Unicode text`;
}

/** A value on the walk's stack; its path is rebuilt from the parents only when a problem is found. */
interface Visit {
  readonly value: unknown;
  readonly parent: Visit | undefined;
  readonly key: string | number | undefined;
  readonly depth: number;
}

function pathOf(visit: Visit): InputPath {
  const path: Array<string | number> = [];
  for (let at: Visit | undefined = visit; at && at.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * A problem of a parsed JSON value (the first met walking it in order), or undefined. The top-level
 * object or array is depth 1. The walk keeps its own stack, so it cannot overflow whatever
 * the nesting, and stops going down past `maxDepth`.
 */
export function findUnsafeInput(value: unknown, maxDepth: number): InputProblem | undefined {
  return runAllSteps(unsafeInputSteps(value, maxDepth, Number.POSITIVE_INFINITY));
}

/**
 * `findUnsafeInput` that yields every `valuesPerStep` values walked, so that the walk of a large
 * request body (a 10,000-node definition: a hundred thousand values) can give the event loop
 * back between steps (input-hygiene.middleware.ts).
 */
export function* unsafeInputSteps(value: unknown, maxDepth: number, valuesPerStep: number): Generator<void, InputProblem | undefined> {
  const stack: Visit[] = [{ value, parent: undefined, key: undefined, depth: 0 }];
  let sinceYield = 0;
  while (stack.length > 0) {
    if (++sinceYield > valuesPerStep) {
      sinceYield = 1;
      yield;
    }
    const visit = stack.pop()!;
    const current = visit.value;
    if (typeof current === 'string') {
      const message = unsafeTextProblem(current);
      if (message) return { path: pathOf(visit), message };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (visit.depth + 1 > maxDepth) return { path: pathOf(visit), message: `nested deeper than ${maxDepth} levels (RH_MAX_JSON_DEPTH)` };
    const entries: Array<[string | number, unknown]> = Array.isArray(current) ? current.map((item, index) => [index, item]) : Object.entries(current);
    for (const [key] of entries) {
      const message = typeof key === 'string' ? unsafeTextProblem(key) : undefined;
      if (message) return { path: [...pathOf(visit), key], message: `key ${message}` };
    }
    // Pushed in reverse so that the first field is looked at first.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, item] = entries[index]!;
      stack.push({ value: item, parent: visit, key, depth: visit.depth + 1 });
    }
  }
  return undefined;
}

/** Segments of a path shown before it is cut (a path 64 levels deep says little more than its start). */
const PATH_SEGMENTS_SHOWN = 12;

/** `body.nodes.3.config.script`; a very long path is cut: `body.a.0.0.0…(64 levels)`. */
export function inputPathText(prefix: string, path: InputPath): string {
  const shown = path.length > PATH_SEGMENTS_SHOWN ? [...path.slice(0, PATH_SEGMENTS_SHOWN).map(String), `…(${path.length} levels)`] : path.map(String);
  return [prefix, ...shown].filter((part) => part !== '').join('.');
}
