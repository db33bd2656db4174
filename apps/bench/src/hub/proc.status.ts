import { readFile } from 'node:fs/promises';

const BYTES_PER_KIB = 1_024;

/**
 * Resident memory of another process from `/proc/<pid>/status` (VmRSS, in kB = KiB there).
 * Linux only; elsewhere, and for a process that is gone, undefined.
 */
export async function residentBytes(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return parseVmRss(status);
  } catch {
    return undefined;
  }
}

/** `VmRSS:   123456 kB` -> bytes; undefined when the line is missing. */
export function parseVmRss(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match?.[1] !== undefined ? Number(match[1]) * BYTES_PER_KIB : undefined;
}

/**
 * Clock ticks per second of `/proc/<pid>/stat` (USER_HZ): 100 on every Linux the project
 * runs on (`getconf CLK_TCK`); a tick is 10 ms, so CPU figures are summed over many nodes.
 */
export const PROC_TICKS_PER_SECOND = 100;
const MS_PER_SECOND = 1_000;

/** CPU time (user + system) another process has used, in ms; undefined off Linux or when it is gone. */
export async function cpuMillis(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const ticks = parseStatCpuTicks(stat);
    return ticks === undefined ? undefined : (ticks * MS_PER_SECOND) / PROC_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * utime + stime (fields 14 and 15) of a `/proc/<pid>/stat` line. The command name (field 2)
 * is in parentheses and may hold spaces, so fields are counted after its closing parenthesis.
 */
export function parseStatCpuTicks(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name, field 3 (state) is at index 0: utime (14) at 11, stime (15) at 12.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) && fields.length > 12 ? utime + stime : undefined;
}
