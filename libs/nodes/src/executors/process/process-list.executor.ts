import type { ProcessListConfig, ProcessListOutput } from '../../definitions/process/process-list.definition';
import type { Executor } from '../executor';

/** Running processes, by pid; with `filter`, those whose name contains it, ignoring case. */
export const processListExecutor: Executor<ProcessListConfig, ProcessListOutput> = async (ctx) => {
  const filter = ctx.config.filter?.toLowerCase();
  const processes = (await ctx.platform.listProcesses())
    .filter((entry) => filter === undefined || entry.name.toLowerCase().includes(filter))
    .sort((a, b) => a.pid - b.pid);
  return { output: { count: processes.length, processes } };
};
