import type { NodeTaskStatus } from '@runtime-hub/protocol';
import { aggregateFanOut, type FanOutCell } from './fan-out.aggregate';
import { runError } from './run-errors';

function cell(agentName: string, status: NodeTaskStatus, output: unknown = null): FanOutCell {
  const error = status === 'failed' ? runError('EXIT_CODE', `exit 1 on ${agentName}`) : null;
  return { agentId: `id-${agentName}`, agentName, status, output, error };
}

describe('aggregateFanOut', () => {
  it('waits until every task has finished', () => {
    expect(aggregateFanOut('clean', [cell('host-a', 'succeeded'), cell('host-b', 'running')])).toEqual({ settled: false });
    expect(aggregateFanOut('clean', [cell('host-a', 'queued')])).toEqual({ settled: false });
  });

  it('keys the output by agent name and succeeds when all succeeded', () => {
    const settlement = aggregateFanOut('clean', [cell('host-b', 'succeeded', { n: 2 }), cell('host-a', 'succeeded', { n: 1 })]);
    expect(settlement).toEqual({ settled: true, status: 'succeeded', output: { 'host-a': { n: 1 }, 'host-b': { n: 2 } } });
  });

  it('fails by default when any host failed, naming it', () => {
    const settlement = aggregateFanOut('clean', [cell('host-a', 'succeeded', 1), cell('host-b', 'failed')]);
    if (!settlement.settled || settlement.status !== 'failed') throw new Error('expected a failure');
    expect(settlement.error.code).toBe('EXIT_CODE');
    expect(settlement.error.nodeId).toBe('clean');
    expect(settlement.error.message).toBe('1 of 2 agents succeeded, 2 needed; failed: host-b (EXIT_CODE: exit 1 on host-b)');
    expect(settlement.output).toEqual({ 'host-a': 1 });
  });

  it('succeeds with minSuccess hosts and leaves the failed ones out of the output', () => {
    const cells = [cell('host-a', 'succeeded', 1), cell('host-b', 'failed'), cell('host-c', 'succeeded', 3)];
    expect(aggregateFanOut('clean', cells, 2)).toEqual({ settled: true, status: 'succeeded', output: { 'host-a': 1, 'host-c': 3 } });
    expect(aggregateFanOut('clean', cells, 3)).toMatchObject({ settled: true, status: 'failed' });
  });

  it('reports NODE_FAILED when the hosts failed in different ways', () => {
    const cancelled = cell('host-c', 'cancelled');
    const settlement = aggregateFanOut('clean', [cell('host-a', 'failed'), cancelled]);
    if (!settlement.settled || settlement.status !== 'failed') throw new Error('expected a failure');
    expect(settlement.error.code).toBe('NODE_FAILED');
    expect(settlement.error.message).toContain('host-c (cancelled)');
  });
});
