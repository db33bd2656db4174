/**
 * Admission, decided purely (README "Admission"): which queued runs of one workflow start now.
 * The shell (run-admission.ts) reads the state under the workflow's admission lock, asks this,
 * and writes the answer in the same transaction.
 */

import type { RunTrigger } from '@runtime-hub/protocol';

export interface QueuedCandidate {
  readonly id: string;
  readonly concurrencyKey: string | null;
  /** The reason stored now; rewritten only when the decision's differs. */
  readonly waitingReason: string | null;
}

export interface AdmissionState {
  readonly workflowName: string;
  /** The workflow's concurrency limit; null: none. */
  readonly limit: number | null;
  /** Top-level runs of the workflow that are running (pending ones included). */
  readonly running: number;
  /** Concurrency key -> the id of an unfinished run that holds it. */
  readonly heldKeys: ReadonlyMap<string, string>;
  /** Queued runs in admission order: priority, highest first, then oldest first. */
  readonly queued: readonly QueuedCandidate[];
}

export interface AdmissionDecision {
  readonly admit: readonly string[];
  /** Runs that stay queued and whose reason changed. */
  readonly reasons: ReadonlyArray<{ readonly id: string; readonly reason: string }>;
}

/**
 * Whether a top-level run that ended may have freed what a queued run of its workflow waits
 * for: a slot, which only a workflow with a limit counts, or its concurrency key, which only a
 * schedule's fire gives (overlap `queue`: schedules/schedule-fires.service.ts). Any other run of
 * a workflow without a limit frees nothing, so its end asks for no admission pass. A limit set
 * meanwhile runs a pass of its own; the sweep covers the rest.
 */
export function endMayAdmit(ended: { readonly trigger: RunTrigger }, limit: number | null): boolean {
  return limit !== null || ended.trigger === 'schedule';
}

export function limitReason(workflowName: string, limit: number, running: number): string {
  return `workflow "${workflowName}" runs ${running} of ${limit} allowed at once`;
}

export function keyReason(key: string, holder: string): string {
  return `waits for run ${holder} to finish: one run at a time for ${key}`;
}

/**
 * Walks the queue in order. A run whose concurrency key another run holds stays queued (and
 * does not take a slot, so runs behind it may pass); otherwise it is admitted while the
 * workflow has a free slot. Everything left says what holds it.
 */
export function decideAdmission(state: AdmissionState): AdmissionDecision {
  const admit: string[] = [];
  const reasons: Array<{ id: string; reason: string }> = [];
  const held = new Map(state.heldKeys);
  let running = state.running;
  for (const run of state.queued) {
    const holder = run.concurrencyKey === null ? undefined : held.get(run.concurrencyKey);
    let reason: string | undefined;
    if (holder !== undefined) reason = keyReason(run.concurrencyKey as string, holder);
    else if (state.limit !== null && running >= state.limit) reason = limitReason(state.workflowName, state.limit, running);
    if (reason === undefined) {
      admit.push(run.id);
      running += 1;
      if (run.concurrencyKey !== null) held.set(run.concurrencyKey, run.id);
    } else if (reason !== run.waitingReason) {
      reasons.push({ id: run.id, reason });
    }
  }
  return { admit, reasons };
}
