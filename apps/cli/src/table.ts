/**
 * Plain-text tables and values for the CLI's human output (`--json` prints the API's JSON
 * instead). Columns are padded to their widest cell; the last column is not padded, so long
 * values (labels, errors) do not push trailing spaces.
 */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

const MS_PER_SECOND = 1_000;
const SECONDS_PER_MINUTE = 60;
const MINUTES_PER_HOUR = 60;

/** `850ms`, `12.3s`, `4m05s`, `2h03m`; `-` when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '-';
  if (ms < MS_PER_SECOND) return `${Math.round(ms)}ms`;
  const seconds = ms / MS_PER_SECOND;
  if (seconds < SECONDS_PER_MINUTE) return `${seconds.toFixed(1)}s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / SECONDS_PER_MINUTE);
  if (minutes < MINUTES_PER_HOUR) return `${minutes}m${String(totalSeconds % SECONDS_PER_MINUTE).padStart(2, '0')}s`;
  return `${Math.floor(minutes / MINUTES_PER_HOUR)}h${String(minutes % MINUTES_PER_HOUR).padStart(2, '0')}m`;
}

/** Milliseconds between two ISO timestamps; null when either is missing. */
export function durationBetween(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? ms : null;
}

/** An ISO timestamp as `2025-01-31 08:00:00` (UTC, as stored), `-` when missing. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  return iso.replace('T', ' ').replace(/\.\d+/, '').replace(/(Z|[+-]\d\d:\d\d)$/, '');
}

/** `1 node`, `3 nodes`: a count with its noun, plural when it is not one. `plural` for irregular nouns. */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
