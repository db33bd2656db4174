/**
 * `runtime-hub bench`: the performance harness (docs/PERFORMANCE.md). The workspace package
 * `@runtime-hub/bench`, run from source and imported by the CLI
 * (apps/cli/src/commands/bench.command.ts).
 */
export { runBench, type BenchEnvironment } from './bench.runner';
export { resolveBenchOptions, FULL_SIZES, QUICK_SIZES, SCENARIO_NAMES, type BenchFlags, type BenchOptions, type BenchSizes, type ScenarioName } from './bench.options';
export { BenchOptionsError } from './bench-options.error';
export { BenchSetupError } from './bench-setup.error';
export { BenchReportSchema, type BenchReport, type Goal, type ScenarioReport } from './bench.report';
export { formatReport } from './bench.table';
export { PER_NODE_GOAL_MS, BULLMQ_RATIO_GOAL, THROUGHPUT_GOAL_RUNS_PER_SECOND, FANOUT100_GOAL_MS, FANOUT1000_GOAL_MS, FLEET_FANOUT_GOAL_MS } from './bench.goals';
