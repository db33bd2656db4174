import type { SetConfig, SetOutput } from '../../definitions/control/set.definition';
import type { ControlExecutor } from '../executor';

/** Outputs its values, templates already resolved by the coordinator. */
export const setExecutor: ControlExecutor<SetConfig, SetOutput> = async (ctx) => ({ output: ctx.config.values });
