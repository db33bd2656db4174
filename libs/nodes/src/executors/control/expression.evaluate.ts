import { evaluateExpression, type ExpressionScope } from '@runtime-hub/graph';
import { NonRetryableError } from '../../errors/non-retryable.error';
import { errorMessage } from '../../errors/error-shape';

/**
 * Evaluates a node's JSONata expression over the task scope. A failure (syntax, a function
 * error) is TEMPLATE_ERROR: upstream outputs do not change between attempts.
 */
export async function evaluateNodeExpression(expression: string, scope: ExpressionScope): Promise<unknown> {
  try {
    return await evaluateExpression(expression, scope);
  } catch (error) {
    throw new NonRetryableError('TEMPLATE_ERROR', `expression failed: ${errorMessage(error)}`, {
      details: { expression },
      cause: error,
    });
  }
}
