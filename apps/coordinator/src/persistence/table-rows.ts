import { getTableColumns, getTableName, type Column, type InferSelectModel, type Table } from 'drizzle-orm';
import type { RawRow } from './prepared-statements';

/**
 * Maps a raw row of `table` (snake_case column names, values as the driver read them) to the
 * row drizzle's `select()` returns: camelCase keys, each value decoded by its column's own
 * `mapFromDriverValue` (timestamps to Date, jsonb as drizzle reads it), null left null. The
 * raw row must carry every column of the table (`returning table.*`, `select table.*`).
 */
export function tableRowMapper<T extends Table>(table: T): (raw: RawRow) => InferSelectModel<T> {
  const tableName = getTableName(table);
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({ key, name: column.name, column: column as Column }));
  return (raw) => {
    const row: Record<string, unknown> = {};
    for (const { key, name, column } of columns) {
      if (!(name in raw)) throw new Error(`a row of ${tableName} was read without its column ${name}`);
      const value = raw[name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as InferSelectModel<T>;
  };
}

/**
 * The table's columns as a select list (`run_id, node_id, ...`), qualified by `qualifier` when
 * given. Prepared statements name their columns rather than `*`: a plan Postgres cached for
 * `*` fails ("cached plan must not change result type") once a migration adds a column, which
 * a replica of a newer version may do while this one runs.
 */
export function columnList(table: Table, qualifier?: string): string {
  return Object.values(getTableColumns(table))
    .map((column) => (qualifier ? `${qualifier}.${column.name}` : column.name))
    .join(', ');
}

/**
 * A value as drizzle writes it to `column`: null stays null, anything else goes through the
 * column's `mapToDriverValue` (a Date to its ISO text, jsonb to its JSON text), so a prepared
 * statement stores exactly what the drizzle query it replaces stored.
 */
export function columnValue(column: Column, value: unknown): unknown {
  return value === null || value === undefined ? null : column.mapToDriverValue(value);
}

/** Whether `patch` writes exactly these columns (drizzle leaves out a key whose value is undefined, and so does this). */
export function writesExactly(patch: object, columns: readonly string[]): boolean {
  const written = Object.entries(patch).filter(([, value]) => value !== undefined);
  return written.length === columns.length && written.every(([key]) => columns.includes(key));
}

/**
 * A row of `table` carried in the answer of a statement that returns another table's rows (a
 * run beside its node rows): `selectList(qualifier)` selects each column as `"<prefix><column>"`,
 * quoted, so no name meets one of the other table's; `rawRowOf` reads them back under their own
 * names, for `tableRowMapper(table)`.
 */
export function carriedColumns(table: Table, prefix: string): { readonly selectList: (qualifier: string) => string; readonly rawRowOf: (raw: RawRow) => RawRow } {
  const names = Object.values(getTableColumns(table)).map((column) => column.name);
  return {
    selectList: (qualifier) => names.map((name) => `${qualifier}.${name} as "${prefix}${name}"`).join(', '),
    rawRowOf: (raw) => Object.fromEntries(names.map((name) => [name, raw[`${prefix}${name}`]])),
  };
}
