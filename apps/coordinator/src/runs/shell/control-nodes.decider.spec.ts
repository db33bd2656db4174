import type { NodeRunRow, RunRow, Transaction } from '@runtime-hub/db';
import type { ExpressionSandbox } from '@runtime-hub/expressions';
import { validate } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import type { WorkflowDefinitionInput } from '@runtime-hub/protocol';
import type { AgentDirectory } from '../../agents/agents.ports';
import { loadCoordinatorConfig } from '../../config/coordinator.config';
import { ControlNodesDecider } from './control-nodes.decider';
import { NodePreparer } from './node-preparer';
import { RunEffects } from '../core/run-effects';
import type { LoadedDefinition } from '../adapters/run-definitions';
import type { DecidedSettlement, RunsRepository } from '../adapters/runs.repository';

const RUN_ID = 'run-1';

/** A sandbox that answers expressions from a table and leaves template-free values alone. */
function sandbox(answers: Record<string, unknown>): ExpressionSandbox {
  return {
    evaluate: async (expression: string) => answers[expression],
    resolveTemplates: async <T>(value: T) => value,
  } as unknown as ExpressionSandbox;
}

/** The two writes the decider makes, recorded; `lose` ids are rows that no longer match. */
class FakeRuns {
  readonly skipped: string[][] = [];
  readonly settled: DecidedSettlement[][] = [];
  constructor(
    private readonly rows: readonly NodeRunRow[],
    private readonly lose: readonly string[] = [],
  ) {}

  async markSkipped(_tx: unknown, _runId: string, nodeIds: readonly string[], at: Date): Promise<NodeRunRow[]> {
    if (nodeIds.length === 0) return [];
    this.skipped.push([...nodeIds]);
    return this.rows.filter((row) => nodeIds.includes(row.nodeId)).map((row) => ({ ...row, status: 'skipped', finishedAt: at }));
  }

  async settleDecided(_tx: unknown, _runId: string, settlements: readonly DecidedSettlement[]): Promise<string[]> {
    this.settled.push([...settlements]);
    return settlements.map((settlement) => settlement.nodeId).filter((id) => !this.lose.includes(id));
  }
}

function loaded(definition: Omit<WorkflowDefinitionInput, 'schemaVersion'>): LoadedDefinition {
  const result = validate({ schemaVersion: 1, ...definition }, NODE_CATALOGUE);
  if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('; '));
  return { definition: result.definition, graph: result.graph };
}

function pendingRows(definition: LoadedDefinition): NodeRunRow[] {
  return definition.definition.nodes.map((node) => ({
    runId: RUN_ID,
    nodeId: node.id,
    type: node.type,
    status: 'pending',
    attempt: 0,
    agentId: null,
    waitingReason: null,
    port: null,
    output: null,
    error: null,
    queuedAt: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    agentLosses: 0,
  }));
}

function setup(definition: LoadedDefinition, options: { limit?: number; lose?: string[]; answers?: Record<string, unknown> } = {}) {
  const config = loadCoordinatorConfig({ RH_CONTROL_DECISIONS_PER_TRANSACTION: String(options.limit ?? 1_000) });
  const expressions = sandbox(options.answers ?? {});
  const rows = pendingRows(definition);
  const runs = new FakeRuns(rows, options.lose);
  const preparer = new NodePreparer(config, {} as AgentDirectory, expressions);
  const decider = new ControlNodesDecider(config, expressions, runs as unknown as RunsRepository, preparer);
  const run = { id: RUN_ID, inputs: { limit: 2 }, targetOverride: null, workflowId: 'wf', workflowVersion: 1 } as unknown as RunRow;
  const locked = { tx: {} as Transaction, run, effects: new RunEffects() };
  return { decider, runs, rows, locked };
}

describe('ControlNodesDecider', () => {
  it('decides a chain as far as it leads in one call, skips the branch not taken, and writes once', async () => {
    /*
     *   seed ──► check ─true──► yes
     *              └───false──► no ──► after_no
     */
    // ARRANGE
    const definition = loaded({
      name: 'chain',
      inputs: { limit: { type: 'number', default: 2 } },
      nodes: [
        { id: 'seed', type: 'set', config: { values: { n: 3 } } },
        { id: 'check', type: 'condition', config: { expression: 'nodes.seed.output.n > inputs.limit' } },
        { id: 'yes', type: 'set', config: { values: { ok: true } } },
        { id: 'no', type: 'set', config: { values: {} } },
        { id: 'after_no', type: 'set', config: { values: {} } },
      ],
      edges: [
        { from: 'seed', to: 'check' },
        { from: 'check', port: 'true', to: 'yes' },
        { from: 'check', port: 'false', to: 'no' },
        { from: 'no', to: 'after_no' },
      ],
    });
    const { decider, runs, rows, locked } = setup(definition, { answers: { 'nodes.seed.output.n > inputs.limit': true } });

    // ACT
    const decisions = await decider.decideReady(locked, definition, rows);

    // ASSERT
    expect(decisions).toMatchObject({ decided: 3, capped: false });
    expect(runs.settled).toHaveLength(1);
    expect(runs.settled[0]?.map((s) => [s.nodeId, s.status, s.attempt, s.expectedAttempt, s.port, s.output])).toEqual([
      ['seed', 'succeeded', 1, 0, 'out', { n: 3 }],
      ['check', 'succeeded', 1, 0, 'true', { value: true }],
      ['yes', 'succeeded', 1, 0, 'out', { ok: true }],
    ]);
    expect(runs.skipped).toEqual([['no', 'after_no']]);
    expect(new Map(decisions.rows.map((row) => [row.nodeId, row.status]))).toEqual(
      new Map([
        ['seed', 'succeeded'],
        ['check', 'succeeded'],
        ['yes', 'succeeded'],
        ['no', 'skipped'],
        ['after_no', 'skipped'],
      ]),
    );
    expect([...(locked.effects.changedNodes.get(RUN_ID) ?? [])].sort()).toEqual(['after_no', 'check', 'no', 'seed', 'yes']);
  });

  it('leaves a control node with its own target, and what follows it, to the dispatcher', async () => {
    // ARRANGE
    const definition = loaded({
      name: 'targeted',
      nodes: [
        { id: 'first', type: 'set', config: { values: {} } },
        { id: 'remote', type: 'set', config: { values: {} }, target: { labels: ['linux'] } },
        { id: 'last', type: 'set', config: { values: {} } },
      ],
      edges: [
        { from: 'first', to: 'remote' },
        { from: 'remote', to: 'last' },
      ],
    });
    const { decider, runs, rows, locked } = setup(definition);

    // ACT
    const decisions = await decider.decideReady(locked, definition, rows);

    // ASSERT
    expect(decisions.decided).toBe(1);
    expect(runs.settled[0]?.map((s) => s.nodeId)).toEqual(['first']);
    expect(decisions.rows.find((row) => row.nodeId === 'remote')?.status).toBe('pending');
  });

  it('stops at the bound, says so, and writes what it decided', async () => {
    // ARRANGE
    const definition = loaded({
      name: 'long',
      nodes: ['a', 'b', 'c'].map((id) => ({ id, type: 'set', config: { values: {} } })),
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
      ],
    });
    const { decider, runs, rows, locked } = setup(definition, { limit: 2 });

    // ACT
    const decisions = await decider.decideReady(locked, definition, rows);

    // ASSERT
    expect(decisions).toMatchObject({ decided: 2, capped: true });
    expect(runs.settled[0]?.map((s) => s.nodeId)).toEqual(['a', 'b']);
  });

  it('fails a fail node at attempt 1 with its error, whatever its retry policy', async () => {
    // ARRANGE
    const definition = loaded({ name: 'bad', nodes: [{ id: 'stop', type: 'fail', config: { message: 'down' }, retry: { maxAttempts: 5 } }] });
    const { decider, runs, rows, locked } = setup(definition);

    // ACT
    await decider.decideReady(locked, definition, rows);

    // ASSERT
    expect(runs.settled[0]).toEqual([
      expect.objectContaining({ nodeId: 'stop', status: 'failed', attempt: 1, port: null, error: { code: 'NODE_FAILED', message: 'down', retryable: false, nodeId: 'stop' } }),
    ]);
  });

  it('refuses to commit when a decided row no longer matches what was read under the lock', async () => {
    // ARRANGE
    const definition = loaded({ name: 'raced', nodes: [{ id: 'only', type: 'set', config: { values: {} } }] });
    const { decider, rows, locked } = setup(definition, { lose: ['only'] });

    // ACT / ASSERT
    await expect(decider.decideReady(locked, definition, rows)).rejects.toThrow(/changed under the run's lock/);
  });
});
