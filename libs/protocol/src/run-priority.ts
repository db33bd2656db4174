import { z } from 'zod';

/**
 * A run's priority: higher goes first. It orders the runs that wait for a slot (a workflow's
 * concurrency limit, a batch's items) and the tasks waiting in an agent's queue. A run given
 * none gets RUN_PRIORITY_DEFAULT, the middle, so a run can be put both ahead and behind.
 */
export const RUN_PRIORITY_MIN = 1;
export const RUN_PRIORITY_MAX = 100;
export const RUN_PRIORITY_DEFAULT = 50;

export const RunPrioritySchema = z.number().int().min(RUN_PRIORITY_MIN).max(RUN_PRIORITY_MAX);
