/** What a secret's value is replaced with in log lines, outputs and errors. */
export const SECRET_MASK = '***';

/**
 * `text` with every occurrence of each secret value replaced by `***`, longest value first (so
 * a secret that contains another is masked whole). Empty values are ignored.
 */
export function maskText(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0 || text === '') return text;
  let masked = text;
  for (const secret of orderedForMasking(secrets)) {
    if (masked.includes(secret)) masked = masked.split(secret).join(SECRET_MASK);
  }
  return masked;
}

/**
 * A copy of a JSON value with secret values masked in every string and every object key
 * (an output that echoes a secret, an error message quoting a command line). Iterative: the
 * depth of the value does not matter. Values without strings come back as they are.
 */
export function maskSecrets<T>(value: T, secrets: readonly string[]): T {
  const ordered = orderedForMasking(secrets);
  if (ordered.length === 0) return value;
  const holder: { value?: unknown } = {};
  const pending: Array<{ source: unknown; target: Record<string, unknown> | unknown[]; key: string | number }> = [{ source: value, target: holder as Record<string, unknown>, key: 'value' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { source, target, key } = next;
    let copy: unknown = source;
    if (typeof source === 'string') copy = maskText(source, ordered);
    else if (Array.isArray(source)) {
      const array: unknown[] = new Array<unknown>(source.length);
      source.forEach((item, index) => pending.push({ source: item, target: array, key: index }));
      copy = array;
    } else if (typeof source === 'object' && source !== null) {
      const object: Record<string, unknown> = {};
      for (const [childKey, child] of Object.entries(source)) pending.push({ source: child, target: object, key: maskText(childKey, ordered) });
      copy = object;
    }
    Object.defineProperty(target, key, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  return holder.value as T;
}

function orderedForMasking(secrets: readonly string[]): string[] {
  return [...new Set(secrets.filter((secret) => secret !== ''))].sort((a, b) => b.length - a.length);
}
