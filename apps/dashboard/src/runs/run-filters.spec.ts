import type { RunSummary } from '@runtime-hub/protocol';
import { matchesFilters, mergeLiveRun, runListQuery } from './run-filters';

function summary(id: string, createdAt: string, overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    workflowId: 'w1',
    workflowVersion: 1,
    workflowName: 'wf',
    status: 'running',
    trigger: 'dashboard',
    triggerId: null,
    priority: 50,
    waitingReason: null,
    inputs: {},
    error: null,
    parentRunId: null,
    parentNodeId: null,
    createdAt,
    startedAt: null,
    finishedAt: null,
    startedBy: null,
    cancelledBy: null,
    ...overrides,
  };
}

describe('runListQuery', () => {
  it('sends only the filters that are set, the cursor and the page size', () => {
    expect(runListQuery({ status: 'failed', workflowId: 'w1', from: '2026-01-01T00:00:00.000Z' }, 'abc', 50)).toBe(
      'status=failed&workflowId=w1&from=2026-01-01T00%3A00%3A00.000Z&topLevel=true&cursor=abc&limit=50',
    );
    expect(runListQuery({})).toBe('topLevel=true');
  });

  it('asks for top-level runs only, unless children are wanted', () => {
    expect(runListQuery({ withChildren: true })).toBe('');
    expect(runListQuery({ parentRunId: 'p1' })).toBe('parentRunId=p1');
  });
});

describe('matchesFilters', () => {
  const run = summary('r', '2026-01-02T00:00:00.000Z');

  it('checks status, workflow, trigger and the time range (from inclusive, to exclusive)', () => {
    expect(matchesFilters(run, { status: 'running', workflowId: 'w1', trigger: 'dashboard' })).toBe(true);
    expect(matchesFilters(run, { status: 'failed' })).toBe(false);
    expect(matchesFilters(run, { from: '2026-01-02T00:00:00.000Z' })).toBe(true);
    expect(matchesFilters(run, { to: '2026-01-02T00:00:00.000Z' })).toBe(false);
  });

  it('leaves child runs out unless they are wanted', () => {
    const child = summary('c', '2026-01-02T00:00:00.000Z', { parentRunId: 'p1' });
    expect(matchesFilters(child, {})).toBe(false);
    expect(matchesFilters(child, { withChildren: true })).toBe(true);
    expect(matchesFilters(child, { parentRunId: 'p1' })).toBe(true);
    expect(matchesFilters(child, { parentRunId: 'p2' })).toBe(false);
    expect(matchesFilters(run, { parentRunId: 'p1' })).toBe(false);
  });

  it('cannot tell for an agent filter', () => {
    expect(matchesFilters(run, { agentId: 'a1' })).toBe('unknown');
  });
});

describe('mergeLiveRun', () => {
  const older = summary('old', '2026-01-01T00:00:00.000Z');
  const newer = summary('new', '2026-01-03T00:00:00.000Z');

  it('puts a new run in creation order, newest first', () => {
    const middle = summary('mid', '2026-01-02T00:00:00.000Z');
    expect(mergeLiveRun([newer, older], middle, {}).map((run) => run.id)).toEqual(['new', 'mid', 'old']);
    expect(mergeLiveRun([older], newer, {}).map((run) => run.id)).toEqual(['new', 'old']);
  });

  it('updates a listed run in place, and drops it when it no longer matches', () => {
    const finished = { ...newer, status: 'succeeded' as const };
    expect(mergeLiveRun([newer, older], finished, {})[0]?.status).toBe('succeeded');
    expect(mergeLiveRun([newer, older], finished, { status: 'running' }).map((run) => run.id)).toEqual(['old']);
  });

  it('leaves out runs that do not match, child runs, and new runs under an agent filter', () => {
    expect(mergeLiveRun([older], summary('x', '2026-01-05T00:00:00.000Z', { workflowId: 'w2' }), { workflowId: 'w1' })).toEqual([older]);
    expect(mergeLiveRun([older], summary('child', '2026-01-05T00:00:00.000Z', { parentRunId: 'p' }), {})).toEqual([older]);
    expect(mergeLiveRun([older], newer, { agentId: 'a1' })).toEqual([older]);
    expect(mergeLiveRun([older], summary('child', '2026-01-05T00:00:00.000Z', { parentRunId: 'p' }), { withChildren: true }).map((run) => run.id)).toEqual(['child', 'old']);
  });
});
