import type { ScenarioName } from './bench.options';
import type { Goal, ScenarioReport } from './bench.report';
import { roundFigure, summarize } from './bench.stats';

/**
 * Figures that compare two scenarios of the same bench, and the goals the issue sets
 * (docs/PERFORMANCE.md). Pure: it reads scenario reports and returns new ones.
 */

/** Each node of a chain of no-op nodes costs Runtime Hub less than this, end to end. */
export const PER_NODE_GOAL_MS = 5;
/** A chain through Runtime Hub costs at most this many times the same chain on raw BullMQ. */
export const BULLMQ_RATIO_GOAL = 3;

type Scenarios = Partial<Record<ScenarioName, ScenarioReport>>;

/**
 * chain40 compared with bullmq-chain40 from the same bench: each chain40 repetition divided
 * by the median raw chain (`ratioToBullmq`), and the same difference per node
 * (`addedPerNodeMs`: what Runtime Hub adds to the queue's own cost). Unchanged when either
 * scenario is missing.
 */
export function withChainComparison(scenarios: Scenarios, chainLength: number): Scenarios {
  const chain = scenarios.chain40;
  const raw = scenarios['bullmq-chain40']?.figures.totalMs;
  const total = chain?.figures.totalMs;
  if (!chain || !raw || !total || raw.median <= 0) return scenarios;
  return {
    ...scenarios,
    chain40: {
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
    perNode: goal(scenarios, 'chain40', 'perNodeMs', PER_NODE_GOAL_MS, `a node of the chain costs less than ${PER_NODE_GOAL_MS} ms end to end (median)`),
    ratioToBullmq: goal(scenarios, 'chain40', 'ratioToBullmq', BULLMQ_RATIO_GOAL, `the chain costs at most ${BULLMQ_RATIO_GOAL}x the raw BullMQ chain (median)`),
  };
}

function goal(scenarios: Scenarios, scenario: ScenarioName, figure: string, limit: number, description: string): Goal {
  const value = scenarios[scenario]?.figures[figure]?.median;
  return {
    description,
    figure: `${scenario}.${figure}`,
    limit,
    value: value === undefined ? null : roundFigure(value),
    met: value === undefined ? null : value <= limit,
  };
}
