import { ExpressionLimitError } from '@runtime-hub/expressions';
import { formatPath } from '@runtime-hub/graph';
import { NonRetryableError } from '../../errors/non-retryable.error';
import { errorMessage } from '../../errors/error-shape';
import type { ControlContext } from '../executor';

/** Where a node's expression sits in its config, named in its errors. */
const EXPRESSION_PATH = ['config', 'expression'];

/**
 * Evaluates a node's `expression` over the task scope in the expression sandbox, stopped by
 * the task's signal (timeout, cancel). Neither failure is retryable, upstream outputs do not
 * change between attempts: a limit broken is EXPRESSION_LIMIT, any other failure (syntax, a
 * function error) TEMPLATE_ERROR. Once the signal has fired its reason is the outcome.
 */
export async function evaluateNodeExpression(ctx: ControlContext<{ readonly expression: string }>): Promise<unknown> {
  const { expression } = ctx.config;
  try {
    return await ctx.expressions.evaluate(expression, ctx.scope, { path: EXPRESSION_PATH, signal: ctx.signal });
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (error instanceof ExpressionLimitError) {
      throw new NonRetryableError('EXPRESSION_LIMIT', error.message, {
        details: { limit: error.limit, figure: error.figure, expression, path: formatPath(error.path) },
        cause: error,
      });
    }
    throw new NonRetryableError('TEMPLATE_ERROR', `expression failed: ${errorMessage(error)}`, {
      details: { expression },
      cause: error,
    });
  }
}
