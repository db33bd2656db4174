import { setTimeout as sleep } from 'node:timers/promises';
import type { DelayConfig, DelayOutput } from '../../definitions/control/delay.definition';
import type { Executor } from '../executor';

/** Waits `ms`; a timeout or cancel ends the wait at once. */
export const delayExecutor: Executor<DelayConfig, DelayOutput> = async (ctx) => {
  const started = performance.now();
  await sleep(ctx.config.ms, undefined, { signal: ctx.signal });
  return { output: { waitedMs: Math.round(performance.now() - started) } };
};
