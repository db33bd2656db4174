import { NonRetryableError } from '../errors/non-retryable.error';
import type { ProcessInfo } from './process-list.parse';
import { ancestorsOf } from './process-tree';

/**
 * Ending the agent's own process, or a process it descends from (the service host, the shell
 * that started it), would take the agent and every task it runs down with it. Such requests
 * fail the node instead (or, for a kill by image name, skip those processes).
 */

/** The agent and its ancestors. `processes` may be empty when no list is available. */
export function agentLineage(processes: readonly ProcessInfo[], agentPid: number): ReadonlySet<number> {
  return new Set(processes.length > 0 ? ancestorsOf(agentPid, processes) : [agentPid]);
}

export function refuseAgentTree(pid: number, processes: readonly ProcessInfo[], agentPid: number): void {
  if (agentLineage(processes, agentPid).has(pid)) {
    throw new NonRetryableError('NODE_FAILED', `refusing to end process ${pid}: it is the agent (pid ${agentPid}) or one of its ancestors`, {
      details: { pid, agentPid },
    });
  }
}
