/**
 * Objects edited the way a person reads them: a key that is set again keeps its place, a
 * new key goes last, and `undefined` removes the key. Keys typed into a JSON field stay in
 * the order they were typed (removing and re-adding a key would move it to the end).
 */
export function withEntry<T extends object, K extends keyof T & string>(record: T, key: K, value: T[K] | undefined): T {
  if (value === undefined) {
    const { [key]: _removed, ...rest } = record;
    return rest as T;
  }
  if (!(key in record)) return { ...record, [key]: value };
  return Object.fromEntries(Object.entries(record).map(([name, current]) => [name, name === key ? value : current])) as T;
}
