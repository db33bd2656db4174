import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from '../bench.paths';
import { CpuProfileSchema, summarizeCpuProfile, type CpuProfileSummary } from './cpu-profile.summary';

/** Packages and functions kept per process in a report's profile summary. */
export const PROFILE_SUMMARY_TOP = 15;

/** File a process's profile is written to in the profile directory (see BenchHub). */
export function profileFileName(processName: string): string {
  return `${processName}.cpuprofile`;
}

/**
 * Summaries of the profiles the bench's processes wrote into `dir`, by process name. A
 * process whose profile is missing or unreadable is left out: a profile is an aid, never a
 * reason to fail a bench.
 */
export async function summarizeProfiles(dir: string, processNames: readonly string[]): Promise<Record<string, CpuProfileSummary>> {
  const summaries: Record<string, CpuProfileSummary> = {};
  for (const name of processNames) {
    try {
      const profile = CpuProfileSchema.parse(JSON.parse(await readFile(path.join(dir, profileFileName(name)), 'utf8')));
      summaries[name] = summarizeCpuProfile(profile, ROOT, PROFILE_SUMMARY_TOP);
    } catch {
      continue;
    }
  }
  return summaries;
}
