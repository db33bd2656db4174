import type { NodeRunRecord, NodeTaskRecord } from '@runtime-hub/protocol';
import { fanOutSummary, isFanOut, latestTaskPerAgent } from './node-run.presentation';

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
