import type { NodeRunRecord, NodeTaskRecord } from '@runtime-hub/protocol';
import { edgeRunState, fanOutSummary, hostStatusCounts, isFanOut, latestTaskPerAgent } from './node-run.presentation';

const task = (agentId: string, attempt: number, status: NodeTaskRecord['status']): NodeTaskRecord => ({
  agentId,
  attempt,
  status,
  output: null,
  error: null,
  startedAt: null,
  finishedAt: null,
});

describe('node run presentation', () => {
  it('keeps the newest attempt of each host', () => {
    const tasks = [task('a', 1, 'failed'), task('a', 2, 'running'), task('b', 1, 'succeeded')];
    expect(latestTaskPerAgent(tasks).map((entry) => [entry.agentId, entry.attempt, entry.status])).toEqual([
      ['a', 2, 'running'],
      ['b', 1, 'succeeded'],
    ]);
    expect(fanOutSummary(tasks)).toBe('2 hosts · 1 running · 1 succeeded');
  });

  it('knows a fan-out node by its target, or by tasks on several hosts', () => {
    expect(isFanOut({ labels: ['windows'], each: true }, undefined)).toBe(true);
    expect(isFanOut({ labels: ['windows'] }, undefined)).toBe(false);
    const record = { tasks: [task('a', 1, 'running'), task('b', 1, 'running')] } as NodeRunRecord;
    expect(isFanOut(undefined, record)).toBe(true);
    expect(isFanOut(undefined, { tasks: [task('a', 1, 'failed'), task('a', 2, 'running')] } as NodeRunRecord)).toBe(false);
  });
});

describe('edge run state', () => {
  const source = (status: NodeRunRecord['status'], port: string | null = null) => ({ status, port });

  it('is taken once the source succeeded on the edge port, or on any port for an edge without one', () => {
    expect(edgeRunState(undefined, source('succeeded', 'out'))).toBe('taken');
    expect(edgeRunState('true', source('succeeded', 'true'))).toBe('taken');
    expect(edgeRunState('error', source('failed'))).toBe('taken');
  });

  it('is dead once the source settled another way', () => {
    expect(edgeRunState('false', source('succeeded', 'true'))).toBe('dead');
    expect(edgeRunState(undefined, source('failed'))).toBe('dead');
    expect(edgeRunState('error', source('succeeded', 'out'))).toBe('dead');
    expect(edgeRunState(undefined, source('skipped'))).toBe('dead');
    expect(edgeRunState(undefined, source('cancelled'))).toBe('dead');
  });

  it('is pending while the source has not settled or has no record yet', () => {
    expect(edgeRunState(undefined, undefined)).toBe('pending');
    expect(edgeRunState(undefined, source('running'))).toBe('pending');
    expect(edgeRunState('error', source('waiting'))).toBe('pending');
  });
});

describe('host status counts', () => {
  it('counts each state once per host, by state name', () => {
    const latest = [task('a', 1, 'failed'), task('b', 1, 'succeeded'), task('c', 2, 'succeeded'), task('d', 1, 'running')];
    expect(hostStatusCounts(latest)).toEqual([
      ['failed', 1],
      ['running', 1],
      ['succeeded', 2],
    ]);
  });
});
