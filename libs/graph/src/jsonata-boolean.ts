/**
 * Truthiness as JSONata's `$boolean()` defines it, so that a `condition` fires `true` and a
 * `repeat`'s `until` holds exactly when `$boolean(expression)` would be true:
 * boolean as is; string: non-empty; number: non-zero and not NaN; null and undefined: false;
 * array: true if any member is; object: non-empty; function: false.
 */
export function jsonataBoolean(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.some(jsonataBoolean);
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return value !== 0 && !Number.isNaN(value);
    case 'string':
      return value.length > 0;
    case 'object':
      return Object.keys(value).length > 0;
    default:
      return false;
  }
}
