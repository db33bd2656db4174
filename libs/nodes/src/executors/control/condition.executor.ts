import { jsonataBoolean } from '@runtime-hub/graph';
import { CONDITION_FALSE_PORT, CONDITION_TRUE_PORT, type ConditionConfig, type ConditionOutput } from '../../definitions/control/condition.definition';
import type { ControlExecutor } from '../executor';
import { evaluateNodeExpression } from './expression.evaluate';

/** Fires `true` or `false` by the expression's truthiness (JSONata `$boolean` rules). */
export const conditionExecutor: ControlExecutor<ConditionConfig, ConditionOutput> = async (ctx) => {
  const value = jsonataBoolean(await evaluateNodeExpression(ctx));
  return { output: { value }, port: value ? CONDITION_TRUE_PORT : CONDITION_FALSE_PORT };
};
