import type { FailConfig, FailOutput } from '../../definitions/control/fail.definition';
import { NonRetryableError } from '../../errors/non-retryable.error';
import type { ControlExecutor } from '../executor';

/** Fails with the configured message; the optional code goes to the error details. */
export const failExecutor: ControlExecutor<FailConfig, FailOutput> = async (ctx) => {
  throw new NonRetryableError('NODE_FAILED', ctx.config.message, {
    ...(ctx.config.code === undefined ? {} : { details: { code: ctx.config.code } }),
  });
};
