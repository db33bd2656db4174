import type { RunSummary } from '@runtime-hub/protocol';
import type { Route } from '../app/router';

/** What started a run, as the run view links it. Pure. */
export interface RunTriggerLink {
  readonly label: string;
  /** The page of the schedule, batch or hook; null when there is none to show. */
  readonly route: Route | null;
}

export function runTriggerLink(run: Pick<RunSummary, 'trigger' | 'triggerId'>): RunTriggerLink {
  switch (run.trigger) {
    case 'schedule':
      return { label: 'schedule', route: run.triggerId ? { page: 'schedules', scheduleId: run.triggerId } : null };
    case 'batch':
      return { label: 'batch', route: run.triggerId ? { page: 'batch', batchId: run.triggerId } : null };
    case 'hook':
      return { label: 'webhook', route: run.triggerId ? { page: 'hooks', hookId: run.triggerId } : null };
    default:
      return { label: run.trigger, route: null };
  }
}
