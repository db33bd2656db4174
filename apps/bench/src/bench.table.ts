import type { BenchReport } from './bench.report';

/**
 * The human form of a bench report: the machine, one row per figure (median, min, max), the
 * goals. `--json` prints the report itself instead. Pure.
 */

const BYTES_PER_GIB = 1_024 ** 3;
const MS_PER_SECOND = 1_000;
/** Packages named per process in the profile lines of the table. */
const PROFILE_PACKAGES_SHOWN = 8;
const HEADERS = ['scenario', 'figure', 'median', 'min', 'max', 'unit'] as const;
/** Columns holding numbers are aligned right. */
const NUMERIC_COLUMNS: ReadonlySet<number> = new Set([2, 3, 4]);

export function formatReport(report: BenchReport): string[] {
  const { machine } = report;
  const lines = [
    `machine: ${machine.cores} cores (${machine.cpuModel}), ${(machine.memoryBytes / BYTES_PER_GIB).toFixed(1)} GiB, Node ${machine.node}, ${machine.platform}`,
    `stores:  Postgres ${machine.postgres.version} (synchronous_commit ${machine.postgres.synchronousCommit ?? '?'}, fsync ${machine.postgres.fsync ?? '?'}), ` +
      `Redis ${machine.redis.version} (appendonly ${machine.redis.appendonly ?? '?'}, appendfsync ${machine.redis.appendfsync ?? '?'})`,
    `run:     runtime-hub ${report.command}${report.quick ? '  (quick: tiny sizes, the figures mean nothing)' : ''}${(report.replicas ?? 1) > 1 ? `  (${report.replicas} coordinator replicas: coordinator figures are their sums)` : ''}; ` +
      `${report.sizes.repeat} repetition(s) after a warm-up; ${(report.durationMs / MS_PER_SECOND).toFixed(0)} s in all`,
    '',
  ];
  const rows: string[][] = [];
  for (const [name, scenario] of Object.entries(report.scenarios)) {
    if (!scenario) continue;
    if (scenario.error) rows.push([name, 'FAILED', '', '', '', scenario.error]);
    for (const [figure, value] of Object.entries(scenario.figures)) {
      rows.push([name, figure, number(value.median), number(value.min), number(value.max), value.unit]);
    }
  }
  lines.push(...table([...HEADERS], rows), '');
  const loads = Object.entries(report.scenarios).map(([name, scenario]) => `${name} ${scenario?.loadAverage.start.toFixed(2)}->${scenario?.loadAverage.end.toFixed(2)}`);
  if (loads.length > 0) lines.push(`load average (1 min, start->end): ${loads.join(', ')}`);
  for (const [name, profile] of Object.entries(report.profiles ?? {})) {
    const shares = profile.byPackage.slice(0, PROFILE_PACKAGES_SHOWN).map((share) => `${share.name} ${share.percent}%`);
    lines.push(`profile ${name}: busy ${profile.busyMs} ms of ${profile.totalMs} ms; ${shares.join(', ')}`);
  }
  for (const goal of Object.values(report.goals)) {
    const verdict = goal.met === null ? 'not measured' : goal.met ? 'met' : 'NOT MET';
    lines.push(`goal: ${goal.description}: ${goal.figure} = ${goal.value ?? '-'} (${goal.comparison} ${goal.limit}) ${verdict}`);
  }
  return lines;
}

/** Three significant decimals below 10, fewer above: a table of ms and runs/s stays readable. */
export function number(value: number): string {
  if (!Number.isFinite(value)) return '-';
  const magnitude = Math.abs(value);
  if (magnitude >= 1_000) return value.toFixed(0);
  if (magnitude >= 100) return value.toFixed(1);
  if (magnitude >= 10) return value.toFixed(2);
  return value.toFixed(3);
}

function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        if (column === cells.length - 1) return cell;
        return NUMERIC_COLUMNS.has(column) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}
