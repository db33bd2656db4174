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
