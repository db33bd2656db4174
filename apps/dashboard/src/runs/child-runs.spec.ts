import type { RunSummary } from '@runtime-hub/protocol';
import { childIteration, mergeChildRun, shortRunId, sortChildRuns } from './child-runs';

const PARENT = '0b7c3d2e-5f60-4a1b-9c8d-7e6f5a4b3c2d';
const HASH = '4f3a2b1c9d8e7f6a5b4c3d2e1f0a9b8c';

const run = (id: string, fields: Partial<RunSummary> = {}): RunSummary => ({
  id,
  workflowId: 'wf',
  workflowVersion: 1,
  workflowName: 'batch',
  status: 'succeeded',
  trigger: 'parent',
  triggerId: null,
  priority: 50,
  waitingReason: null,
  inputs: {},
  error: null,
  parentRunId: PARENT,
  parentNodeId: 'each',
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  startedBy: null,
  cancelledBy: null,
  ...fields,
});

describe('child runs', () => {
  it('reads the attempt and iteration of a child from its id', () => {
    expect(childIteration(run(`${HASH}-1-3`))).toEqual({ attempt: 1, index: 3 });
    expect(childIteration(run(PARENT, { parentRunId: null }))).toBeNull();
  });

  it('gives siblings distinct short ids, and a top-level run its first characters', () => {
    // ARRANGE: four children of one foreach node share the first 32 characters of their ids
    const siblings = [0, 1, 2, 3].map((index) => run(`${HASH}-1-${index}`));

    // ACT
    const ids = siblings.map(shortRunId);

    // ASSERT
    expect(new Set(ids).size).toBe(4);
    expect(ids[2]).toBe('4f3a2b1c-1-2');
    expect(shortRunId(run(PARENT, { parentRunId: null }))).toBe('0b7c3d2e');
  });

  it('orders children by node, attempt and iteration (10 after 9), and merges live updates of its own only', () => {
    // ARRANGE
    const children = sortChildRuns([run(`${HASH}-1-10`), run(`${HASH}-2-0`), run(`${HASH}-1-9`)]);

    // ACT
    const updated = mergeChildRun(children, run(`${HASH}-1-9`, { status: 'failed' }), PARENT);
    const unrelated = mergeChildRun(updated, run('other-1-0', { parentRunId: 'someone-else' }), PARENT);

    // ASSERT
    expect(children.map((child) => child.id.slice(HASH.length))).toEqual(['-1-9', '-1-10', '-2-0']);
    expect(updated.map((child) => child.status)).toEqual(['failed', 'succeeded', 'succeeded']);
    expect(unrelated).toBe(updated);
  });
});
