import { extend, toArray } from './path-link';
import type { PathLink } from './path-link';
import { hasTemplate, scanTemplates } from './template.scan';
import { TemplateError } from './template-error';

type Container = Record<string, unknown> | unknown[];
type Path = ReadonlyArray<string | number>;

/** One `{{ expr }}` to evaluate, in document order. */
export interface PlannedExpression {
  readonly expression: string;
  /** Where its string sits in the value being resolved (`['headers', 'Authorization']`). */
  readonly path: Path;
}

/**
 * What resolving the templates of a JSON value takes, decided without evaluating anything:
 * the expressions, in document order, and how to put their values back.
 */
export interface TemplatePlan<T> {
  readonly expressions: readonly PlannedExpression[];
  /** The resolved copy, given one value per expression (same order); the input is not changed. */
  fill(values: readonly unknown[]): T;
}

/** A string of the copy that holds templates, to be replaced by its resolved value. */
interface Slot {
  readonly container: Container;
  readonly key: string | number;
  readonly text: string;
  readonly spans: ReadonlyArray<{ readonly start: number; readonly end: number }>;
  /** Index of this slot's first expression in the plan. */
  readonly first: number;
}

const ROOT_KEY = 'value';

/**
 * Plans the resolution of every `{{ expr }}` template in a JSON value. A string that is
 * exactly one template becomes the expression's raw value (number, array, object, ...); a
 * string with text around its templates stays a string, each template replaced by its value
 * as text (objects and arrays as JSON, undefined as ''). A `{{` never closed throws a
 * TemplateError naming where it is.
 *
 * The value is copied iteratively (its depth does not matter) while the strings that hold
 * templates are noted; evaluating the expressions is the caller's (the sandbox's) business,
 * in document order, so the first error reported is always the same one.
 */
export function planTemplates<T>(value: T): TemplatePlan<T> {
  const holder: Record<string, unknown> = {};
  const slots: Slot[] = [];
  const expressions: PlannedExpression[] = [];
  const pending: Array<{ source: unknown; container: Container; key: string | number; path: PathLink }> = [
    { source: value, container: holder, key: ROOT_KEY, path: undefined },
  ];
  // Children are pushed in reverse so that they pop (and their slots line up) in document order.
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { source, container, key, path } = next;
    if (typeof source === 'string') {
      if (hasTemplate(source)) {
        const scan = scanTemplates(source);
        const where = toArray(path);
        if (scan.unterminatedAt !== undefined) {
          throw new TemplateError('"{{" is never closed by "}}"', { expression: source.slice(scan.unterminatedAt), path: where });
        }
        slots.push({ container, key, text: source, spans: scan.templates, first: expressions.length });
        for (const template of scan.templates) expressions.push({ expression: template.expression, path: where });
      }
      setOwn(container, key, source);
    } else if (Array.isArray(source)) {
      const copy: unknown[] = new Array<unknown>(source.length);
      setOwn(container, key, copy);
      for (let index = source.length - 1; index >= 0; index -= 1) {
        pending.push({ source: source[index], container: copy, key: index, path: extend(path, index) });
      }
    } else if (isPlainObject(source)) {
      const copy: Record<string, unknown> = {};
      setOwn(container, key, copy);
      const entries = Object.entries(source);
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [childKey, child] = entries[index] as [string, unknown];
        pending.push({ source: child, container: copy, key: childKey, path: extend(path, childKey) });
      }
    } else {
      setOwn(container, key, source);
    }
  }
  return {
    expressions,
    fill(values) {
      for (const slot of slots) setOwn(slot.container, slot.key, resolvedString(slot, values));
      return holder[ROOT_KEY] as T;
    },
  };
}

function resolvedString(slot: Slot, values: readonly unknown[]): unknown {
  const [only] = slot.spans;
  if (slot.spans.length === 1 && only !== undefined && only.start === 0 && only.end === slot.text.length) return values[slot.first];
  let resolved = '';
  let from = 0;
  slot.spans.forEach((span, index) => {
    resolved += slot.text.slice(from, span.start) + asText(values[slot.first + index]);
    from = span.end;
  });
  return resolved + slot.text.slice(from);
}

/** How a value reads inside a longer string. */
function asText(value: unknown): string {
  if (value === undefined || typeof value === 'function') return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Assigns an own property, even one named `__proto__`, without touching any prototype. */
function setOwn(container: Container, key: string | number, value: unknown): void {
  Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}
