import type { ProcessKillConfig, ProcessKillOutput } from '../../definitions/process/process-kill.definition';
import { NonRetryableError } from '../../errors/non-retryable.error';
import type { Executor } from '../executor';

/**
 * Ends one process (with its tree by default) or every process of an image name. Nothing to
 * end is a success with `killed: 0`: a retried kill must not fail because the first attempt
 * worked. The agent itself and its ancestors are never ended.
 */
export const processKillExecutor: Executor<ProcessKillConfig, ProcessKillOutput> = async (ctx) => {
  const { config, platform } = ctx;
  try {
    if (config.pid !== undefined) {
      const killed = config.tree ? await platform.killTree(config.pid) : await platform.kill(config.pid);
      return { output: { killed } };
    }
    if (config.image !== undefined) return { output: { killed: await platform.killByImage(config.image, { tree: config.tree }) } };
  } catch (error) {
    // The platform's RangeErrors are about the values the config gave it.
    if (error instanceof RangeError) {
      const field = config.pid !== undefined ? 'config.pid' : 'config.image';
      throw new NonRetryableError('CONFIG_INVALID', `${field}: ${error.message}`, { details: { path: field }, cause: error });
    }
    throw error;
  }
  throw new NonRetryableError('CONFIG_INVALID', 'config: set exactly one of pid or image');
};
