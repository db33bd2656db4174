/**
 * Whether a JSONata result "holds", by JSONata's own `$boolean` rules: false for
 * undefined, null, false, 0, '', an empty array, an empty object and functions; an array holds
 * when any member does. `repeat.until` stops the loop when it holds.
 */
export function jsonataBoolean(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some(jsonataBoolean);
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return value !== 0;
    case 'string':
      return value.length > 0;
    case 'object':
      return Object.keys(value).length > 0;
    default:
      return false;
  }
}
