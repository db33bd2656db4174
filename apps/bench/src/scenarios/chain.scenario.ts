import type { NodeRunRecord } from '@runtime-hub/protocol';
import type { ScenarioName } from '../bench.options';
import { chainWorkflow, DECIDED } from '../bench.workflows';
import type { PreparedScenario, Scenario, ScenarioContext } from '../bench.scenario';
import { median } from '../bench.stats';
import { withCoordinatorCost } from './coordinator.cost';
import { acceptedToFinishedMs } from './run.loop';

/** A chain of 40 no-op nodes finishes within this, or the engine is stuck. */
const CHAIN_RUN_TIMEOUT_MS = 120_000;

/**
 * A workflow of `sizes.chainLength` sequential `set` nodes. Each node waits for the one before
 * it, so the total is the sum of the per-node path, nothing overlaps:
 * - chain40: every node targets the first worker, which gets the chain as bundles
 *   (RH_TASK_BUNDLE_MAX_STEPS nodes after the first of each): dispatch, queue, claim, execute
 *   the bundle's nodes one after the other, one result, record them together, plan;
 * - chain40-unbundled: the same nodes with edges on the `out` port, which are never bundled:
 *   per node dispatch, queue, claim, execute, result, record, plan;
 * - chain40-decided: no node has a target, the coordinator decides them all itself: resolve,
 *   execute and record in the advance's transaction, then plan the next (no worker involved;
 *   queuedToStartedMs and finishedToNextQueuedMs are then 0 or the clock's millisecond).
 *
 *   totalMs               accepted to finished (coordinator clock)
 *   perNodeMs             totalMs / nodes
 *   clientMs              POST to the `/live` event, as a client sees it
 *   queuedToStartedMs     per node (median): queued by the coordinator -> executing on the worker
 *   executeMs             per node (median): the `set` executor itself, as the worker timed it
 *   finishedToNextQueuedMs per link (median): a node finished on the worker -> the next one queued
 *   coordinatorCpuPerNodeMs, postgresQueriesPerNode, redisCommandsPerNode
 *                         what the coordinator process spent per node (its own counters)
 *   workerCpuPerNodeMs, postgresCpuPerNodeMs
 *                         CPU of the workers and of the Postgres backends per node (/proc,
 *                         10 ms ticks: meaningful summed over the chain, not per node)
 * The three breakdown figures come from the run record's timestamps (millisecond resolution).
 */
function chainScenario(name: ScenarioName, kind: 'dispatched' | 'unbundled' | 'decided'): Scenario {
  const decided = kind === 'decided';
  const descriptions = {
    dispatched: 'a workflow of sequential `set` nodes on one worker (bundled): total and per node',
    unbundled: 'the same chain with every node a task of its own (edges on a port are not bundled): total and per node',
    decided: 'a workflow of sequential `set` nodes the coordinator decides: total and per node',
  };
  return {
    name,
    description: descriptions[kind],
    figures: {
      totalMs: { unit: 'ms', description: 'accepted to finished, coordinator clock' },
      perNodeMs: { unit: 'ms', description: 'total / nodes' },
      clientMs: { unit: 'ms', description: 'POST /api/runs to the run:updated event, client clock' },
      queuedToStartedMs: { unit: 'ms', description: 'per node, median: queued -> started on the worker' },
      executeMs: { unit: 'ms', description: 'per node, median: started -> finished on the worker' },
      finishedToNextQueuedMs: { unit: 'ms', description: 'per link, median: node finished -> next node queued' },
      coordinatorCpuPerNodeMs: { unit: 'ms', description: 'coordinator CPU time (user + system) per node' },
      workerCpuPerNodeMs: { unit: 'ms', description: 'worker CPU time (user + system) per node, /proc' },
      postgresCpuPerNodeMs: { unit: 'ms', description: 'CPU time of the Postgres backends of the bench database per node, /proc' },
      postgresQueriesPerNode: { unit: 'count', description: 'Postgres round trips the coordinator made per node (each message counts once: BEGIN with the lock, a statement with its COMMIT)' },
      redisCommandsPerNode: { unit: 'count', description: 'Redis commands the coordinator sent per node' },
    },
    repetitions: (sizes) => sizes.repeat,
    async prepare(context: ScenarioContext): Promise<PreparedScenario> {
      const hub = await context.hub();
      const length = context.sizes.chainLength;
      const workflowId = await hub.workflow(chainWorkflow(`bench-${name}-${length}`, length, decided ? DECIDED : [hub.firstWorkerLabel], kind === 'unbundled' ? 'on-port' : 'plain'));
      return {
        async warmUp() {
          await hub.runToEnd(workflowId, CHAIN_RUN_TIMEOUT_MS);
        },
        async measure() {
          const { value, cost } = await withCoordinatorCost(hub, () => hub.runToEnd(workflowId, CHAIN_RUN_TIMEOUT_MS));
          const { summary, clientMs } = value;
          const totalMs = acceptedToFinishedMs(summary);
          const record = await hub.client.run(summary.id);
          return {
            totalMs,
            perNodeMs: totalMs / length,
            clientMs,
            ...breakdown(record.nodes),
            coordinatorCpuPerNodeMs: cost.cpuMs / length,
            workerCpuPerNodeMs: cost.workersCpuMs / length,
            postgresCpuPerNodeMs: cost.postgresCpuMs / length,
            postgresQueriesPerNode: cost.postgresQueries / length,
            redisCommandsPerNode: cost.redisCommands / length,
          };
        },
        async close() {},
      };
    },
  };
}

/** chain40: sequential `set` nodes dispatched to one worker, which runs them as bundles. */
export const chainDispatchedScenario = chainScenario('chain40', 'dispatched');
/** chain40-unbundled: the same, each node dispatched, claimed and recorded alone. */
export const chainUnbundledScenario = chainScenario('chain40-unbundled', 'unbundled');
/** chain40-decided: sequential `set` nodes the coordinator decides itself. */
export const chainDecidedScenario = chainScenario('chain40-decided', 'decided');

/** Medians of the per-node phases; nodes in definition order are the chain's order. */
export function breakdown(nodes: readonly NodeRunRecord[]): { queuedToStartedMs: number; executeMs: number; finishedToNextQueuedMs: number } {
  const at = (iso: string | null) => (iso ? Date.parse(iso) : Number.NaN);
  const queuedToStarted = nodes.map((node) => at(node.startedAt) - at(node.queuedAt));
  const execute = nodes.map((node) => at(node.finishedAt) - at(node.startedAt));
  const links = nodes.slice(1).map((node, index) => at(node.queuedAt) - at(nodes[index]?.finishedAt ?? null));
  const finite = (values: number[]) => values.filter(Number.isFinite);
  const safeMedian = (values: number[]) => (finite(values).length > 0 ? median(finite(values)) : 0);
  return {
    queuedToStartedMs: safeMedian(queuedToStarted),
    executeMs: safeMedian(execute),
    finishedToNextQueuedMs: safeMedian(links),
  };
}
