import { nodeRuns, runs } from '@runtime-hub/db';
import { carriedColumns, columnList, columnValue, tableRowMapper, writesExactly } from './table-rows';

describe('tableRowMapper', () => {
  // ARRANGE: a node_runs row as node-postgres and PGlite hand it over when timestamps are read as text
  const raw = {
    run_id: 'run-1',
    node_id: 'clean',
    type: 'set',
    status: 'succeeded',
    attempt: 2,
    agent_id: 'agent-1',
    waiting_reason: null,
    port: 'out',
    output: { rows: [1, 2], nested: { ok: true } },
    error: null,
    queued_at: '2026-12-06 00:26:13.123+00',
    started_at: '2026-12-06 01:26:13.5+01',
    finished_at: null,
    duration_ms: 377,
    agent_losses: 0,
  };

  it('names every column as the schema does, decodes timestamps to Date and leaves nulls null', () => {
    // ACT
    const row = tableRowMapper(nodeRuns)(raw);
    // ASSERT
    expect(row).toEqual({
      runId: 'run-1',
      nodeId: 'clean',
      type: 'set',
      status: 'succeeded',
      attempt: 2,
      agentId: 'agent-1',
      waitingReason: null,
      port: 'out',
      output: { rows: [1, 2], nested: { ok: true } },
      error: null,
      queuedAt: new Date('2026-12-06T00:26:13.123Z'),
      startedAt: new Date('2026-12-06T00:26:13.500Z'),
      finishedAt: null,
      durationMs: 377,
      agentLosses: 0,
    });
    expect(row.queuedAt).toBeInstanceOf(Date);
  });

  it('decodes jsonb as drizzle does: a JSON text is parsed, a parsed value kept', () => {
    const row = tableRowMapper(nodeRuns)({ ...raw, output: '{"a":1}', error: { code: 'X', message: 'm' } });
    expect(row.output).toEqual({ a: 1 });
    expect(row.error).toEqual({ code: 'X', message: 'm' });
  });

  it('refuses a row that lacks a column of the table', () => {
    const { agent_losses: _dropped, ...partial } = raw;
    expect(() => tableRowMapper(nodeRuns)(partial)).toThrow('a row of node_runs was read without its column agent_losses');
  });

  it('maps a runs row, ignoring columns the schema does not know', () => {
    const row = tableRowMapper(runs)({
      id: 'r',
      workflow_id: 'w',
      workflow_version: 1,
      workflow_name: 'n',
      status: 'running',
      trigger: 'api',
      trigger_id: null,
      priority: 50,
      waiting_reason: null,
      target_override: { labels: ['linux'] },
      concurrency_key: null,
      inputs: {},
      error: null,
      parent_run_id: null,
      parent_node_id: null,
      created_at: '2026-12-06 00:00:00+00',
      started_at: null,
      finished_at: null,
      cancel_requested_at: null,
      recoveries: 0,
      started_by: 'admin',
      cancelled_by: null,
      unknown_column: 'x',
    });
    expect(row.createdAt).toEqual(new Date('2026-12-06T00:00:00Z'));
    expect(row.targetOverride).toEqual({ labels: ['linux'] });
    expect(row).not.toHaveProperty('unknown_column');
  });
});

describe('columnValue', () => {
  it('writes a value as drizzle writes it to its column', () => {
    expect(columnValue(nodeRuns.startedAt, new Date('2026-12-06T00:26:13.123Z'))).toBe('2026-12-06T00:26:13.123Z');
    expect(columnValue(nodeRuns.output, { a: [1] })).toBe('{"a":[1]}');
    expect(columnValue(nodeRuns.output, 'text')).toBe('"text"');
    expect(columnValue(nodeRuns.output, null)).toBeNull();
    expect(columnValue(nodeRuns.attempt, 3)).toBe(3);
  });
});

describe('columnList', () => {
  it('names every column of the table in its order, qualified when asked', () => {
    expect(columnList(nodeRuns).split(', ')).toEqual([
      'run_id', 'node_id', 'type', 'status', 'attempt', 'agent_id', 'waiting_reason', 'port', 'output', 'error',
      'queued_at', 'started_at', 'finished_at', 'duration_ms', 'agent_losses',
    ]);
    expect(columnList(nodeRuns, 'node_runs')).toMatch(/^node_runs\.run_id, node_runs\.node_id, /);
  });
});

describe('writesExactly', () => {
  it('holds when the patch writes these columns and no other, a key set to undefined not being written', () => {
    expect(writesExactly({ status: 'failed', error: null, finishedAt: undefined }, ['status', 'error'])).toBe(true);
    expect(writesExactly({ status: 'failed' }, ['status', 'error'])).toBe(false);
    expect(writesExactly({ status: 'failed', error: null, port: null }, ['status', 'error'])).toBe(false);
  });
});

describe('carriedColumns', () => {
  it("selects a row's columns under a quoted prefix beside another table's, and reads them back under their own names", () => {
    // ARRANGE
    const carried = carriedColumns(runs, 'run.');
    // ACT
    const list = carried.selectList('ended_run');
    const back = carried.rawRowOf({ run_id: 'node-row-run', 'run.id': 'run-1', 'run.status': 'succeeded' });
    // ASSERT: no alias meets a node_runs column (`run_id`), and only the run's columns come back
    expect(list).toMatch(/^ended_run\.id as "run\.id", ended_run\.workflow_id as "run\.workflow_id", /);
    expect(list.split(', ')).toHaveLength(columnList(runs).split(', ').length);
    expect(back).toMatchObject({ id: 'run-1', status: 'succeeded' });
    expect(Object.keys(back)).toEqual(columnList(runs).split(', '));
  });
});
