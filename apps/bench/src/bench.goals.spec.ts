import { checkGoals, withChainComparison } from './bench.goals';
import type { ScenarioReport } from './bench.report';
import { summarize } from './bench.stats';

function scenario(figures: Record<string, number[]>): ScenarioReport {
  return {
    description: 'test',
    repetitions: 3,
    durationMs: 1,
    loadAverage: { start: 0, end: 0 },
    figures: Object.fromEntries(Object.entries(figures).map(([key, samples]) => [key, summarize('ms', samples, key)])),
  };
}

describe('bench goals', () => {
  it('compares each chain repetition with the median raw BullMQ chain', () => {
    // ARRANGE: raw chain median 40 ms; Runtime Hub chain 80, 100, 120 ms over 40 nodes
    const scenarios = {
      'bullmq-chain40': scenario({ totalMs: [30, 40, 50] }),
      chain40: scenario({ totalMs: [80, 100, 120], perNodeMs: [2, 2.5, 3] }),
    };
    // ACT
    const compared = withChainComparison(scenarios, 40);
    // ASSERT
    expect(compared.chain40?.figures.ratioToBullmq).toMatchObject({ unit: 'ratio', median: 2.5, min: 2, max: 3 });
    expect(compared.chain40?.figures.addedPerNodeMs).toMatchObject({ median: 1.5, min: 1, max: 2 });
    expect(checkGoals(compared)).toMatchObject({
      perNode: { figure: 'chain40.perNodeMs', comparison: 'at most', limit: 4, value: 2.5, met: true },
      ratioToBullmq: { figure: 'chain40.ratioToBullmq', limit: 3, value: 2.5, met: true },
    });
  });

  it('reports a goal above its limit as not met, and one without its figure as not measured', () => {
    const compared = withChainComparison({ chain40: scenario({ totalMs: [400], perNodeMs: [10] }) }, 40);
    const goals = checkGoals(compared);
    expect(goals.perNode).toMatchObject({ value: 10, met: false });
    expect(goals.ratioToBullmq).toMatchObject({ value: null, met: null });
  });

  it('checks rates as floors and times as ceilings', () => {
    const goals = checkGoals({
      throughput: scenario({ runsPerSecond: [450] }),
      fanout100: scenario({ totalMs: [300] }),
      'fleet-fanout': scenario({ totalMs: [4_000] }),
    });
    expect(goals.throughput).toMatchObject({ figure: 'throughput.runsPerSecond', comparison: 'at least', limit: 400, value: 450, met: true });
    expect(goals.fanout100).toMatchObject({ figure: 'fanout100.totalMs', comparison: 'at most', limit: 250, value: 300, met: false });
    expect(goals.fleetFanout).toMatchObject({ figure: 'fleet-fanout.totalMs', limit: 5_000, met: true });
    expect(goals.fanout1000).toMatchObject({ figure: 'fanout1000.totalMs', limit: 2_000, value: null, met: null });
  });

  it('calls the soak flat when heap and resident memory grow less than their slopes per 1 000 runs', () => {
    const goals = checkGoals({ soak: scenario({ coordinatorHeapSlopeKiB: [120], coordinatorRssSlopeKiB: [1_954] }) });
    expect(goals.soakHeapFlat).toMatchObject({ figure: 'soak.coordinatorHeapSlopeKiB', comparison: 'at most', limit: 256, value: 120, met: true });
    expect(goals.soakRssFlat).toMatchObject({ figure: 'soak.coordinatorRssSlopeKiB', comparison: 'at most', limit: 1_024, value: 1_954, met: false });
  });
});
