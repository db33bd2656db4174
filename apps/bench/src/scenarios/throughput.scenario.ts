import { oneNodeWorkflow } from '../bench.workflows';
import { MS_PER_SECOND, type PreparedScenario, type Scenario, type ScenarioContext } from '../bench.scenario';
import { percentile } from '../bench.stats';
import { withCoordinatorCost } from './coordinator.cost';
import { acceptedToFinishedMs, runLoop } from './run.loop';

/**
 * Runs kept in flight. Two workers run four tasks each, so fifty keeps both busy with a
 * queue behind them, while a finished run's successor is always ready to go.
 */
export const THROUGHPUT_IN_FLIGHT = 50;

/**
 * throughput: `sizes.throughputRuns` one-node runs on both workers, THROUGHPUT_IN_FLIGHT at
 * a time (run.loop.ts).
 *
 *   runsPerSecond  runs / (first POST to last finish)
 *   p50Ms, p99Ms   accepted -> finished of each run, coordinator clock
 *   coordinatorCpuPerRunMs, postgresQueriesPerRun, redisCommandsPerRun
 *                                                   what the coordinator spent per run
 *   workerCpuPerRunMs, postgresCpuPerRunMs          what the workers and Postgres spent per run
 */
export const throughputScenario: Scenario = {
  name: 'throughput',
  description: `one-node runs on 2 workers, ${THROUGHPUT_IN_FLIGHT} in flight: runs per second and accepted -> finished latency`,
  figures: {
    runsPerSecond: { unit: 'runs/s', description: 'runs / wall time from the first POST to the last finish' },
    p50Ms: { unit: 'ms', description: 'accepted -> finished, 50th percentile of the repetition' },
    p99Ms: { unit: 'ms', description: 'accepted -> finished, 99th percentile of the repetition' },
    coordinatorCpuPerRunMs: { unit: 'ms', description: 'coordinator CPU time (user + system) per run' },
    postgresQueriesPerRun: { unit: 'count', description: 'Postgres round trips the coordinator made per run (statements sent in one message count once)' },
    redisCommandsPerRun: { unit: 'count', description: 'Redis commands the coordinator sent per run' },
    workerCpuPerRunMs: { unit: 'ms', description: 'CPU time of both workers per run, /proc' },
    postgresCpuPerRunMs: { unit: 'ms', description: 'CPU time of the Postgres backends of the bench database per run, /proc' },
  },
  repetitions: (sizes) => sizes.repeat,
  async prepare(context: ScenarioContext): Promise<PreparedScenario> {
    const hub = await context.hub();
    const workflowId = await hub.workflow(oneNodeWorkflow('bench-one-node', [hub.allWorkersLabel]));
    return {
      async warmUp() {
        await runLoop(hub, workflowId, context.sizes.throughputWarmUpRuns, THROUGHPUT_IN_FLIGHT);
      },
      async measure() {
        const runs = context.sizes.throughputRuns;
        const { value, cost } = await withCoordinatorCost(hub, () => runLoop(hub, workflowId, runs, THROUGHPUT_IN_FLIGHT));
        const latencies = value.summaries.map(acceptedToFinishedMs);
        return {
          runsPerSecond: value.summaries.length / (value.wallMs / MS_PER_SECOND),
          p50Ms: percentile(latencies, 50),
          p99Ms: percentile(latencies, 99),
          coordinatorCpuPerRunMs: cost.cpuMs / runs,
          postgresQueriesPerRun: cost.postgresQueries / runs,
          redisCommandsPerRun: cost.redisCommands / runs,
          workerCpuPerRunMs: cost.workersCpuMs / runs,
          postgresCpuPerRunMs: cost.postgresCpuMs / runs,
        };
      },
      async close() {},
    };
  },
};
