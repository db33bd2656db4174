/**
 * Truthiness as JSONata's `$boolean()` defines it, so that a `condition` fires `true` exactly
 * when `$boolean(expression)` would be true:
 * boolean as is; string: non-empty; number: non-zero; null and undefined: false;
 * array: true if any member is; object: non-empty; function: false.
 */
export function jsonataBoolean(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'function') return false;
  if (Array.isArray(value)) return value.some(jsonataBoolean);
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return false;
}
