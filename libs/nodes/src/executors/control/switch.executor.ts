import type { SwitchConfig, SwitchOutput } from '../../definitions/control/switch.definition';
import type { ControlExecutor } from '../executor';
import { evaluateNodeExpression } from './expression.evaluate';
import { selectSwitchPort } from './switch.port';

/** Fires the port of the case the expression's value names, else `default`. */
export const switchExecutor: ControlExecutor<SwitchConfig, SwitchOutput> = async (ctx) => {
  const value = await evaluateNodeExpression(ctx);
  const port = selectSwitchPort(value, ctx.config.cases);
  return { output: { value: value ?? null, port }, port };
};
