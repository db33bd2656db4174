import {
  PageSchema,
  RUN_LIST_DEFAULT_LIMIT,
  RUN_LIST_MAX_LIMIT,
  RunListQuerySchema,
  RunRecordSchema,
  RunSummarySchema,
  StartRunQuerySchema,
  StartRunRequestSchema,
  type RunRecord,
} from './run.schema';

const createdAt = '2025-03-01T08:00:00.000Z';

function aRun(): RunRecord {
  return {
    id: '6f1d7a52-2a8e-4c9b-9a57-0d3c1e5b8f10',
    workflowId: 'clear-temp',
    workflowVersion: 3,
    workflowName: 'clear-temp',
    status: 'running',
    trigger: 'cli',
    triggerId: null,
    priority: 50,
    waitingReason: null,
    inputs: { dir: 'C:/Temp' },
    error: null,
    parentRunId: null,
    parentNodeId: null,
    createdAt,
    startedAt: '2025-03-01T08:00:00.120Z',
    finishedAt: null,
    startedBy: null,
    cancelledBy: null,
    nodes: [
      {
        runId: '6f1d7a52-2a8e-4c9b-9a57-0d3c1e5b8f10',
        nodeId: 'clean',
        type: 'shell',
        status: 'running',
        attempt: 1,
        agentId: null,
        waitingReason: null,
        port: null,
        output: null,
        error: null,
        queuedAt: createdAt,
        startedAt: createdAt,
        finishedAt: null,
        durationMs: null,
        tasks: [
          { agentId: 'agent-a', attempt: 1, status: 'succeeded', output: { exitCode: 0 }, error: null, startedAt: createdAt, finishedAt: createdAt },
          { agentId: 'agent-b', attempt: 1, status: 'running', output: null, error: null, startedAt: createdAt, finishedAt: null },
        ],
      },
    ],
  };
}

describe('RunRecordSchema', () => {
  it('round-trips a run with a fan-out node through JSON', () => {
    const run = aRun();
    expect(RunRecordSchema.parse(JSON.parse(JSON.stringify(run)))).toEqual(run);
  });

  it('names the path of a bad task status deep in the record', () => {
    const run = aRun();
    const bad = { ...run, nodes: [{ ...run.nodes[0]!, tasks: [{ ...run.nodes[0]!.tasks[0]!, status: 'done' }] }] };
    const result = RunRecordSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['nodes', 0, 'tasks', 0, 'status']);
  });

  it('refuses a local time without offset', () => {
    const result = RunRecordSchema.safeParse({ ...aRun(), createdAt: '2025-03-01T08:00:00' });
    expect(result.error!.issues[0]!.path).toEqual(['createdAt']);
  });

  it('keeps nodes out of a summary', () => {
    const { nodes: _nodes, ...summary } = aRun();
    expect(RunSummarySchema.parse(summary)).toEqual(summary);
    expect(RunSummarySchema.safeParse(aRun()).success).toBe(false);
  });
});

describe('StartRunRequestSchema', () => {
  it('accepts a stored workflow with a version', () => {
    expect(StartRunRequestSchema.parse({ workflowId: 'wf', version: 2, inputs: { dir: 'x' } })).toEqual({ workflowId: 'wf', version: 2, inputs: { dir: 'x' } });
  });

  it('accepts an inline definition and fills its defaults', () => {
    const parsed = StartRunRequestSchema.parse({ definition: { schemaVersion: 1, name: 'x', nodes: [{ id: 'a', type: 'set' }] }, trigger: 'cli' });
    expect(parsed.definition!.edges).toEqual([]);
  });

  it('needs exactly one of workflowId and definition', () => {
    expect(StartRunRequestSchema.safeParse({}).error!.issues.map((issue) => issue.path)).toEqual([['workflowId']]);
    const both = StartRunRequestSchema.safeParse({ workflowId: 'wf', definition: { schemaVersion: 1, name: 'x', nodes: [{ id: 'a', type: 'set' }] } });
    expect(both.error!.issues.map((issue) => issue.path)).toEqual([['definition']]);
  });

  it('refuses a version without a workflowId', () => {
    const result = StartRunRequestSchema.safeParse({ definition: { schemaVersion: 1, name: 'x', nodes: [{ id: 'a', type: 'set' }] }, version: 1 });
    expect(result.error!.issues.map((issue) => issue.path)).toEqual([['version']]);
  });

  it('refuses a trigger that only the coordinator may set', () => {
    const result = StartRunRequestSchema.safeParse({ workflowId: 'wf', trigger: 'schedule' });
    expect(result.error!.issues.map((issue) => issue.path)).toEqual([['trigger']]);
  });
});

describe('RunListQuerySchema', () => {
  it('fills the default limit and coerces a limit from the query string', () => {
    expect(RunListQuerySchema.parse({}).limit).toBe(RUN_LIST_DEFAULT_LIMIT);
    expect(RunListQuerySchema.parse({ limit: '20', status: 'failed' })).toEqual({ limit: 20, status: 'failed' });
  });

  it('refuses a limit above the maximum, and unknown filters', () => {
    const result = RunListQuerySchema.safeParse({ limit: String(RUN_LIST_MAX_LIMIT + 1), colour: 'red' });
    expect(result.error!.issues.map((issue) => issue.path.join('.') || issue.code).sort()).toEqual(['limit', 'unrecognized_keys']);
  });
});

describe('RunListQuerySchema: parent and child runs', () => {
  it('reads parentRunId and topLevel from the query string', () => {
    expect(RunListQuerySchema.parse({ parentRunId: 'r1' })).toMatchObject({ parentRunId: 'r1' });
    expect(RunListQuerySchema.parse({ topLevel: 'true' }).topLevel).toBe(true);
    expect(RunListQuerySchema.parse({ topLevel: 'false' }).topLevel).toBe(false);
  });

  it('refuses topLevel that is not true or false, and a parent with topLevel=true', () => {
    expect(RunListQuerySchema.safeParse({ topLevel: 'yes' }).error!.issues[0]!.path).toEqual(['topLevel']);
    expect(RunListQuerySchema.safeParse({ parentRunId: 'r1', topLevel: 'true' }).error!.issues[0]!.message).toMatch(/not top-level/);
  });
});

describe('StartRunQuerySchema', () => {
  it('coerces waitMs and refuses a negative or fractional one', () => {
    expect(StartRunQuerySchema.parse({ waitMs: '30000' })).toEqual({ waitMs: 30_000 });
    expect(StartRunQuerySchema.parse({})).toEqual({});
    expect(StartRunQuerySchema.safeParse({ waitMs: '-1' }).success).toBe(false);
    expect(StartRunQuerySchema.safeParse({ waitMs: '1.5' }).success).toBe(false);
  });
});

describe('PageSchema', () => {
  it('wraps any item schema', () => {
    const { nodes: _nodes, ...summary } = aRun();
    const page = PageSchema(RunSummarySchema);
    expect(page.parse({ items: [summary], nextCursor: null })).toEqual({ items: [summary], nextCursor: null });
    expect(page.safeParse({ items: [{ ...summary, status: 'nope' }], nextCursor: null }).error!.issues[0]!.path).toEqual(['items', 0, 'status']);
  });
});
