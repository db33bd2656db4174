import type { BatchProgress } from '@runtime-hub/protocol';

/** The new-batch form and a batch's progress bar. Pure. */
export interface BatchForm {
  readonly workflowId: string;
  readonly name: string;
  /** Items as typed (a JSON array) or read from a file (JSON or CSV). */
  readonly items: string;
  readonly format: 'json' | 'csv';
  readonly hostsLabel: string;
  readonly concurrency: string;
  readonly priority: string;
}

export const EMPTY_BATCH_FORM: BatchForm = { workflowId: '', name: '', items: '[\n  {}\n]', format: 'json', hostsLabel: '', concurrency: '5', priority: '50' };

export type BatchFormResult = { ok: true; body: Record<string, unknown> } | { ok: false; field: keyof BatchForm; message: string };

export function batchBody(form: BatchForm): BatchFormResult {
  if (form.workflowId === '') return { ok: false, field: 'workflowId', message: 'choose a workflow' };
  let items: Record<string, unknown>;
  if (form.format === 'csv') {
    if (form.items.trim() === '') return { ok: false, field: 'items', message: 'the CSV is empty' };
    items = { csv: form.items };
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(form.items);
    } catch {
      return { ok: false, field: 'items', message: 'not JSON: write the items as an array of input objects, e.g. [{"order": "A-1"}]' };
    }
    if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== 'object' || item === null || Array.isArray(item))) {
      return { ok: false, field: 'items', message: 'the items are a JSON array of objects, one per item' };
    }
    items = { items: parsed };
  }
  const concurrency = Number(form.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) return { ok: false, field: 'concurrency', message: 'a whole number, 1 or more' };
  const priority = Number(form.priority);
  if (!Number.isInteger(priority) || priority < 1 || priority > 100) return { ok: false, field: 'priority', message: 'a whole number from 1 (last) to 100 (first)' };
  return {
    ok: true,
    body: {
      workflowId: form.workflowId,
      ...items,
      concurrency,
      priority,
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
      ...(form.hostsLabel.trim() ? { hostsLabel: form.hostsLabel.trim() } : {}),
    },
  };
}

/** A file's format by its name: `.csv` is CSV, anything else JSON. */
export function formatOfFile(name: string): BatchForm['format'] {
  return name.toLowerCase().endsWith('.csv') ? 'csv' : 'json';
}

export interface ProgressSegment {
  readonly state: 'succeeded' | 'failed' | 'cancelled' | 'running' | 'waiting';
  readonly count: number;
  /** Share of the bar, 0 to 100. */
  readonly percent: number;
}

/** The bar's segments in reading order; empty ones left out. */
export function progressSegments(progress: BatchProgress): ProgressSegment[] {
  const order = ['succeeded', 'failed', 'cancelled', 'running', 'waiting'] as const;
  if (progress.total === 0) return [];
  return order.filter((state) => progress[state] > 0).map((state) => ({ state, count: progress[state], percent: (progress[state] / progress.total) * 100 }));
}

/** `812 done · 3 failed · 5 running · 180 waiting of 1000`. */
export function progressText(progress: BatchProgress): string {
  const parts = [`${progress.succeeded} done`, `${progress.failed} failed`, `${progress.running} running`, `${progress.waiting} waiting`];
  if (progress.cancelled > 0) parts.push(`${progress.cancelled} cancelled`);
  return `${parts.join(' · ')} of ${progress.total}`;
}
