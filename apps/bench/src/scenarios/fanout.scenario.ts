import { fanoutWorkflow } from '../bench.workflows';
import { MS_PER_SECOND, type PreparedScenario, type Scenario, type ScenarioContext } from '../bench.scenario';
import { withCoordinatorCost } from './coordinator.cost';
import { acceptedToFinishedMs } from './run.loop';

/** A 1 000-wide fan-out finishes within this, or the engine is stuck. */
const FANOUT_RUN_TIMEOUT_MS = 300_000;

/**
 * fanout1000: one run of `sizes.fanoutWidth` parallel `set` nodes joined by one more, on both
 * workers. Every node is ready at once: this is the engine under a burst of dispatches and
 * results for one run (one run's row lock serializes its results).
 *
 *   totalMs         accepted -> finished, coordinator clock
 *   nodesPerSecond  nodes / total
 *   coordinatorCpuPerNodeMs, postgresQueriesPerNode   what the coordinator spent per node
 *   workerCpuPerNodeMs, postgresCpuPerNodeMs          what the workers and Postgres spent per node
 */
export const fanoutScenario: Scenario = {
  name: 'fanout1000',
  description: 'one run of parallel `set` nodes joined by one, on 2 workers: total time',
  figures: {
    totalMs: { unit: 'ms', description: 'accepted -> finished, coordinator clock' },
    nodesPerSecond: { unit: 'nodes/s', description: 'nodes (parallel + join) / total' },
    clientMs: { unit: 'ms', description: 'POST /api/runs to the run:updated event, client clock' },
    coordinatorCpuPerNodeMs: { unit: 'ms', description: 'coordinator CPU time (user + system) per node' },
    postgresQueriesPerNode: { unit: 'count', description: 'Postgres statements the coordinator sent per node' },
    workerCpuPerNodeMs: { unit: 'ms', description: 'CPU time of both workers per node, /proc' },
    postgresCpuPerNodeMs: { unit: 'ms', description: 'CPU time of the Postgres backends of the bench database per node, /proc' },
  },
  repetitions: (sizes) => sizes.repeat,
  async prepare(context: ScenarioContext): Promise<PreparedScenario> {
    const hub = await context.hub();
    const { fanoutWidth, fanoutWarmUpWidth } = context.sizes;
    const labels = [hub.allWorkersLabel];
    const workflowId = await hub.workflow(fanoutWorkflow(`bench-fanout-${fanoutWidth}`, fanoutWidth, labels));
    const warmUpId = await hub.workflow(fanoutWorkflow(`bench-fanout-${fanoutWarmUpWidth}`, fanoutWarmUpWidth, labels));
    return {
      async warmUp() {
        await hub.runToEnd(warmUpId, FANOUT_RUN_TIMEOUT_MS);
      },
      async measure() {
        const nodes = fanoutWidth + 1;
        const { value, cost } = await withCoordinatorCost(hub, () => hub.runToEnd(workflowId, FANOUT_RUN_TIMEOUT_MS));
        const totalMs = acceptedToFinishedMs(value.summary);
        return {
          totalMs,
          nodesPerSecond: nodes / (totalMs / MS_PER_SECOND),
          clientMs: value.clientMs,
          coordinatorCpuPerNodeMs: cost.cpuMs / nodes,
          postgresQueriesPerNode: cost.postgresQueries / nodes,
          workerCpuPerNodeMs: cost.workersCpuMs / nodes,
          postgresCpuPerNodeMs: cost.postgresCpuMs / nodes,
        };
      },
      async close() {},
    };
  },
};
