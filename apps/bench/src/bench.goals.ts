import type { ScenarioName } from './bench.options';
import type { Goal, ScenarioReport } from './bench.report';
import { roundFigure, summarize } from './bench.stats';

/**
 * Figures that compare two scenarios of the same bench, and the goals the issue sets
 * (docs/PERFORMANCE.md). Pure: it reads scenario reports and returns new ones.
 */

/** Each node of a chain of no-op nodes on one agent costs Runtime Hub less than this, end to end. */
export const PER_NODE_GOAL_MS = 4;
/** A chain through Runtime Hub costs at most this many times the same chain on raw BullMQ. */
export const BULLMQ_RATIO_GOAL = 3;
/** One-node runs per second on the bench's two workers: at least this many. */
export const THROUGHPUT_GOAL_RUNS_PER_SECOND = 400;
/** A fan-out of 100 dispatched nodes and its join, created to finished: at most this long. */
export const FANOUT100_GOAL_MS = 250;
/** A chain of 40 `set` nodes the coordinator decides, accepted to finished: under n8n's 32 ms on this machine. */
export const CHAIN40_DECIDED_GOAL_MS = 30;
/** A fan-out of 100 `set` nodes and their join, decided by the coordinator: under n8n's 52 ms on this machine. */
export const FANOUT100_DECIDED_GOAL_MS = 50;
/** A fan-out of 1 000 dispatched nodes and its join, created to finished: at most this long. */
export const FANOUT1000_GOAL_MS = 2_000;
/** A `set` node with `each: true` to 1 000 connected agents, created to finished: at most this long. */
export const FLEET_FANOUT_GOAL_MS = 5_000;
/**
 * The soak's coordinator heap (live objects) and resident memory grow at most this much per
 * 1 000 runs (least squares over its samples): flat within GC and allocator noise. A leak of
 * one run's record (several KiB) per run would show as thousands.
 */
export const SOAK_HEAP_SLOPE_GOAL_KIB = 256;
export const SOAK_RSS_SLOPE_GOAL_KIB = 1_024;

type Scenarios = Partial<Record<ScenarioName, ScenarioReport>>;

/**
 * chain40 (and chain40-unbundled) compared with bullmq-chain40 from the same bench: each repetition divided
 * by the median raw chain (`ratioToBullmq`), and the same difference per node
 * (`addedPerNodeMs`: what Runtime Hub adds to the queue's own cost). Unchanged when either
 * scenario is missing.
 */
export function withChainComparison(scenarios: Scenarios, chainLength: number): Scenarios {
  return compareChain(compareChain(scenarios, 'chain40', chainLength), 'chain40-unbundled', chainLength);
}

function compareChain(scenarios: Scenarios, name: 'chain40' | 'chain40-unbundled', chainLength: number): Scenarios {
  const chain = scenarios[name];
  const raw = scenarios['bullmq-chain40']?.figures.totalMs;
  const total = chain?.figures.totalMs;
  if (!chain || !raw || !total || raw.median <= 0) return scenarios;
  return {
    ...scenarios,
    [name]: {
      ...chain,
      figures: {
        ...chain.figures,
        ratioToBullmq: summarize(
          'ratio',
          total.samples.map((sample) => sample / raw.median),
          'chain total / median total of bullmq-chain40 in the same bench',
        ),
        addedPerNodeMs: summarize(
          'ms',
          total.samples.map((sample) => (sample - raw.median) / chainLength),
          '(chain total - median bullmq-chain40 total) / nodes: what Runtime Hub adds to the queue per node',
        ),
      },
    },
  };
}

export function checkGoals(scenarios: Scenarios): Record<string, Goal> {
  return {
    perNode: goal(scenarios, 'chain40', 'perNodeMs', 'at most', PER_NODE_GOAL_MS, `a node of the chain costs less than ${PER_NODE_GOAL_MS} ms end to end (median)`),
    ratioToBullmq: goal(scenarios, 'chain40', 'ratioToBullmq', 'at most', BULLMQ_RATIO_GOAL, `the chain costs at most ${BULLMQ_RATIO_GOAL}x the raw BullMQ chain (median)`),
    chain40Decided: goal(scenarios, 'chain40-decided', 'totalMs', 'at most', CHAIN40_DECIDED_GOAL_MS, `a chain of 40 coordinator-decided nodes within ${CHAIN40_DECIDED_GOAL_MS} ms (median)`),
    throughput: goal(scenarios, 'throughput', 'runsPerSecond', 'at least', THROUGHPUT_GOAL_RUNS_PER_SECOND, `at least ${THROUGHPUT_GOAL_RUNS_PER_SECOND} one-node runs per second on 2 workers (median)`),
    fanout100: goal(scenarios, 'fanout100', 'totalMs', 'at most', FANOUT100_GOAL_MS, `a fan-out of 100 dispatched nodes and its join within ${FANOUT100_GOAL_MS} ms (median)`),
    fanout100Decided: goal(scenarios, 'fanout100-decided', 'totalMs', 'at most', FANOUT100_DECIDED_GOAL_MS, `a fan-out of 100 coordinator-decided nodes and its join within ${FANOUT100_DECIDED_GOAL_MS} ms (median)`),
    fanout1000: goal(scenarios, 'fanout1000', 'totalMs', 'at most', FANOUT1000_GOAL_MS, `a fan-out of 1 000 dispatched nodes and its join within ${FANOUT1000_GOAL_MS} ms (median)`),
    soakHeapFlat: goal(scenarios, 'soak', 'coordinatorHeapSlopeKiB', 'at most', SOAK_HEAP_SLOPE_GOAL_KIB, `the coordinator's heap grows at most ${SOAK_HEAP_SLOPE_GOAL_KIB} KiB per 1 000 soak runs`),
    soakRssFlat: goal(scenarios, 'soak', 'coordinatorRssSlopeKiB', 'at most', SOAK_RSS_SLOPE_GOAL_KIB, `the coordinator's resident memory grows at most ${SOAK_RSS_SLOPE_GOAL_KIB} KiB per 1 000 soak runs`),
    fleetFanout: goal(scenarios, 'fleet-fanout', 'totalMs', 'at most', FLEET_FANOUT_GOAL_MS, `\`each: true\` to the connected fleet within ${FLEET_FANOUT_GOAL_MS} ms (median)`),
  };
}

function goal(scenarios: Scenarios, scenario: ScenarioName, figure: string, comparison: Goal['comparison'], limit: number, description: string): Goal {
  const value = scenarios[scenario]?.figures[figure]?.median;
  return {
    description,
    figure: `${scenario}.${figure}`,
    comparison,
    limit,
    value: value === undefined ? null : roundFigure(value),
    met: value === undefined ? null : comparison === 'at most' ? value <= limit : value >= limit,
  };
}
