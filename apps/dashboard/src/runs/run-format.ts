import type { NodeRunRecord } from '@runtime-hub/protocol';

/** Durations and times as the run views print them. Pure. */

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** `850 ms`, `12.3 s`, `4m 05s`, `2h 03m`. */
export function formatDuration(ms: number): string {
  if (ms < SECOND_MS) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < MINUTE_MS) return `${(ms / SECOND_MS).toFixed(1)} s`;
  if (ms < HOUR_MS) return `${Math.floor(ms / MINUTE_MS)}m ${pad(Math.floor((ms % MINUTE_MS) / SECOND_MS))}s`;
  return `${Math.floor(ms / HOUR_MS)}h ${pad(Math.floor((ms % HOUR_MS) / MINUTE_MS))}m`;
}

/** `just now`, `12 s ago`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function formatRelative(iso: string, nowMs: number): string {
  const elapsed = nowMs - Date.parse(iso);
  if (!Number.isFinite(elapsed)) return '';
  if (elapsed < 5 * SECOND_MS) return 'just now';
  if (elapsed < MINUTE_MS) return `${Math.floor(elapsed / SECOND_MS)} s ago`;
  if (elapsed < HOUR_MS) return `${Math.floor(elapsed / MINUTE_MS)} min ago`;
  if (elapsed < DAY_MS) return `${Math.floor(elapsed / HOUR_MS)} h ago`;
  return `${Math.floor(elapsed / DAY_MS)} d ago`;
}

/** A node's duration: the recorded one once it finished, the time so far while it runs. */
export function nodeDurationMs(node: Pick<NodeRunRecord, 'durationMs' | 'startedAt' | 'finishedAt'>, nowMs: number): number | null {
  if (node.durationMs !== null) return node.durationMs;
  if (node.startedAt !== null && node.finishedAt === null) return Math.max(0, nowMs - Date.parse(node.startedAt));
  return null;
}

/** A run's duration, likewise. */
export function runDurationMs(run: { startedAt: string | null; finishedAt: string | null }, nowMs: number): number | null {
  if (run.startedAt === null) return null;
  const end = run.finishedAt !== null ? Date.parse(run.finishedAt) : nowMs;
  return Math.max(0, end - Date.parse(run.startedAt));
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
