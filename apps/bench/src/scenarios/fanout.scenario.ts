import type { BenchSizes, ScenarioName } from '../bench.options';
import { DECIDED, fanoutWorkflow } from '../bench.workflows';
import { MS_PER_SECOND, type PreparedScenario, type Scenario, type ScenarioContext } from '../bench.scenario';
import { withCoordinatorCost } from './coordinator.cost';
import { acceptedToFinishedMs } from './run.loop';

/** A 1 000-wide fan-out finishes within this, or the engine is stuck. */
const FANOUT_RUN_TIMEOUT_MS = 300_000;

/**
 * A fan-out scenario: one run of `width` parallel `set` nodes joined by one more, on both
 * workers. Every node is ready at once: this is the engine under a burst of dispatches and
 * results for one run (one run's row lock serializes its results). `decided`: the nodes have
 * no target, and the coordinator decides all of them itself (fanout100-decided).
 *
 *   totalMs         accepted -> finished, coordinator clock
 *   nodesPerSecond  nodes / total
 *   coordinatorCpuPerNodeMs, postgresQueriesPerNode, redisCommandsPerNode
 *                   what the coordinator spent per node (its own counters)
 *   workerCpuPerNodeMs, postgresCpuPerNodeMs          what the workers and Postgres spent per node
 */
function fanoutScenario(name: ScenarioName, width: (sizes: BenchSizes) => number, warmUpWidth: (sizes: BenchSizes) => number, decided = false): Scenario {
  return {
    name,
    description: decided ? 'one run of parallel `set` nodes joined by one, decided by the coordinator: total time' : 'one run of parallel `set` nodes joined by one, on 2 workers: total time',
    figures: {
      totalMs: { unit: 'ms', description: 'accepted -> finished, coordinator clock' },
      nodesPerSecond: { unit: 'nodes/s', description: 'nodes (parallel + join) / total' },
      clientMs: { unit: 'ms', description: 'POST /api/runs to the run:updated event, client clock' },
      coordinatorCpuPerNodeMs: { unit: 'ms', description: 'coordinator CPU time (user + system) per node' },
      postgresQueriesPerNode: { unit: 'count', description: 'Postgres round trips the coordinator made per node (statements sent in one message count once)' },
      redisCommandsPerNode: { unit: 'count', description: 'Redis commands the coordinator sent per node' },
      workerCpuPerNodeMs: { unit: 'ms', description: 'CPU time of both workers per node, /proc' },
      postgresCpuPerNodeMs: { unit: 'ms', description: 'CPU time of the Postgres backends of the bench database per node, /proc' },
    },
    repetitions: (sizes) => sizes.repeat,
    async prepare(context: ScenarioContext): Promise<PreparedScenario> {
      const hub = await context.hub();
      const measuredWidth = width(context.sizes);
      const warmUp = warmUpWidth(context.sizes);
      const placement = decided ? DECIDED : [hub.allWorkersLabel];
      const workflowId = await hub.workflow(fanoutWorkflow(`bench-${name}-${measuredWidth}`, measuredWidth, placement));
      const warmUpId = await hub.workflow(fanoutWorkflow(`bench-${name}-warm-up-${warmUp}`, warmUp, placement));
      return {
        async warmUp() {
          await hub.runToEnd(warmUpId, FANOUT_RUN_TIMEOUT_MS);
        },
        async measure() {
          const nodes = measuredWidth + 1;
          const { value, cost } = await withCoordinatorCost(hub, () => hub.runToEnd(workflowId, FANOUT_RUN_TIMEOUT_MS));
          const totalMs = acceptedToFinishedMs(value.summary);
          return {
            totalMs,
            nodesPerSecond: nodes / (totalMs / MS_PER_SECOND),
            clientMs: value.clientMs,
            coordinatorCpuPerNodeMs: cost.cpuMs / nodes,
            postgresQueriesPerNode: cost.postgresQueries / nodes,
            redisCommandsPerNode: cost.redisCommands / nodes,
            workerCpuPerNodeMs: cost.workersCpuMs / nodes,
            postgresCpuPerNodeMs: cost.postgresCpuMs / nodes,
          };
        },
        async close() {},
      };
    },
  };
}

/** fanout100: 100 parallel nodes (`sizes.fanout100Width`) and the join; warmed up by one run of the same. */
export const fanout100Scenario = fanoutScenario(
  'fanout100',
  (sizes) => sizes.fanout100Width,
  (sizes) => sizes.fanout100Width,
);

/** fanout1000: 1 000 parallel nodes (`sizes.fanoutWidth`) and the join; warmed up by a narrower run. */
export const fanout1000Scenario = fanoutScenario(
  'fanout1000',
  (sizes) => sizes.fanoutWidth,
  (sizes) => sizes.fanoutWarmUpWidth,
);

/** fanout100-decided: 100 parallel `set` nodes and the join, all decided by the coordinator. */
export const fanout100DecidedScenario = fanoutScenario(
  'fanout100-decided',
  (sizes) => sizes.fanout100Width,
  (sizes) => sizes.fanout100Width,
  true,
);
