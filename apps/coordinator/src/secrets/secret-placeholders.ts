import { randomBytes } from 'node:crypto';
import { secretNameOf } from '@runtime-hub/graph';

/**
 * A node's `{{ secrets.NAME }}` templates travel to the delivery as placeholders: the config is
 * resolved (its other templates evaluated) and queued with `[rh-secret:<nonce>:<NAME>]` where the
 * template stood, and only the coordinator sending the task to its agent puts the value there.
 *
 * The nonce is drawn for each preparation and kept with the task (`secretRefs.nonce`); only
 * placeholders carrying it are filled. Text an upstream node produced (an HTTP body, a script's
 * output) and a template pasted into this config was made before the nonce existed, so it cannot
 * smuggle a placeholder that the delivery would fill with a secret.
 */
const NONCE_BYTES = 12;
const TEMPLATE = /\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]{0,127})\s*\}\}/g;

export function newPlaceholderNonce(): string {
  return randomBytes(NONCE_BYTES).toString('hex');
}

export function secretPlaceholder(nonce: string, name: string): string {
  return `[rh-secret:${nonce}:${name}]`;
}

/** A copy of `value` with each `{{ secrets.NAME }}` template replaced by its placeholder; the names found, sorted. */
export function protectSecretReferences<T>(value: T, nonce: string): { value: T; names: string[] } {
  const names = new Set<string>();
  const copy = mapStrings(value, (text) =>
    text.includes('secrets')
      ? text.replace(TEMPLATE, (template: string, name: string) => {
          if (secretNameOf(template.slice(2, -2)) === undefined) return template;
          names.add(name);
          return secretPlaceholder(nonce, name);
        })
      : text,
  );
  return { value: copy, names: [...names].sort() };
}

/** A copy of `value` with this nonce's placeholders replaced by the secrets' values. */
export function fillSecretPlaceholders<T>(value: T, nonce: string, values: ReadonlyMap<string, string>): T {
  const marker = `[rh-secret:${nonce}:`;
  return mapStrings(value, (text) => {
    if (!text.includes(marker)) return text;
    let filled = text;
    for (const [name, secret] of values) filled = filled.split(secretPlaceholder(nonce, name)).join(secret);
    return filled;
  });
}

/** A copy of a JSON value with `change` applied to every string (not to keys). Iterative. */
function mapStrings<T>(value: T, change: (text: string) => string): T {
  const holder: Record<string, unknown> = {};
  const pending: Array<{ source: unknown; target: Record<string, unknown> | unknown[]; key: string | number }> = [{ source: value, target: holder, key: 'value' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { source, target, key } = next;
    let copy: unknown = source;
    if (typeof source === 'string') copy = change(source);
    else if (Array.isArray(source)) {
      const array = new Array<unknown>(source.length);
      source.forEach((item, index) => pending.push({ source: item, target: array, key: index }));
      copy = array;
    } else if (typeof source === 'object' && source !== null) {
      const object: Record<string, unknown> = {};
      for (const [childKey, child] of Object.entries(source)) pending.push({ source: child, target: object, key: childKey });
      copy = object;
    }
    Object.defineProperty(target, key, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  return holder['value'] as T;
}
