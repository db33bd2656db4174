import { evaluateExpressionAt } from './expression.evaluate';
import type { ExpressionScope } from './expression.evaluate';
import { extend, toArray } from './path-link';
import type { PathLink } from './path-link';
import { hasTemplate, scanTemplates } from './template.scan';
import { TemplateError } from './template-error';

type Container = Record<string, unknown> | unknown[];
type Path = ReadonlyArray<string | number>;

/** A string of the copy that holds templates, to be replaced by its resolved value. */
interface Slot {
  readonly container: Container;
  readonly key: string | number;
  readonly text: string;
  readonly path: Path;
}

/**
 * Resolves every `{{ expr }}` template in a JSON value and returns a resolved copy (the input
 * is not changed). A string that is exactly one template becomes the expression's raw value
 * (number, array, object, ...); a string with text around its templates stays a string, each
 * template replaced by its value as text (objects and arrays as JSON, undefined as '').
 * Throws TemplateError naming the expression and its path when a template cannot be resolved.
 *
 * Two phases: copy the value iteratively (its depth does not matter) while noting the strings
 * that hold templates, then evaluate those one after another in document order, so the first
 * error reported is always the same one.
 */
export async function resolveTemplates<T>(value: T, scope: ExpressionScope): Promise<T> {
  const holder: Record<string, unknown> = {};
  const slots = copyNotingTemplates(value, holder);
  for (const slot of slots) {
    setOwn(slot.container, slot.key, await resolveString(slot.text, scope, slot.path));
  }
  return holder[ROOT_KEY] as T;
}

const ROOT_KEY = 'value';

function copyNotingTemplates(value: unknown, holder: Record<string, unknown>): Slot[] {
  const slots: Slot[] = [];
  const pending: Array<{ source: unknown; container: Container; key: string | number; path: PathLink }> = [
    { source: value, container: holder, key: ROOT_KEY, path: undefined },
  ];
  // Children are pushed in reverse so that they pop (and their slots line up) in document order.
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { source, container, key, path } = next;
    if (typeof source === 'string') {
      if (hasTemplate(source)) slots.push({ container, key, text: source, path: toArray(path) });
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
  return slots;
}

async function resolveString(text: string, scope: ExpressionScope, path: Path): Promise<unknown> {
  const scan = scanTemplates(text);
  if (scan.unterminatedAt !== undefined) {
    throw new TemplateError('"{{" is never closed by "}}"', { expression: text.slice(scan.unterminatedAt), path });
  }
  const [only] = scan.templates;
  if (scan.templates.length === 1 && only !== undefined && only.start === 0 && only.end === text.length) {
    return evaluateExpressionAt(only.expression, scope, path);
  }
  let resolved = '';
  let from = 0;
  for (const template of scan.templates) {
    resolved += text.slice(from, template.start);
    resolved += asText(await evaluateExpressionAt(template.expression, scope, path));
    from = template.end;
  }
  return resolved + text.slice(from);
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
