import fc from 'fast-check';
import { plan, WorkflowGraph } from '@runtime-hub/graph';
import { isTerminalNodeRunStatus, TERMINAL_RUN_STATUSES, type NodeResult, type NodeTask, type WorkflowEdge, type WorkflowNode } from '@runtime-hub/protocol';
import { nodeStates } from '../node-states';
import { decide } from './decide';
import { foldRunEnd } from './fold-run-end';
import { context, failed, model, node, NOW, options, RUN_ID, succeeded } from './engine.fixtures';
import type { Decision, EngineContext, EngineEvent, NodePreparation } from './engine.types';
import { applyInMemory, snapshotOf, type Applied, type MemoryRun } from './snapshot.apply';

const MAX_NODES = 8;
const MAX_EDGES = 16;
const AGENTS = ['a1', 'a2', 'a3'] as const;
/** Random events applied before the run is driven to its end. */
const MAX_EVENTS = 60;

interface Scenario {
  readonly graph: WorkflowGraph;
  readonly context: EngineContext;
  readonly fanOut: ReadonlySet<string>;
  readonly events: readonly number[];
}

/**
 * Random DAGs (edges from a lower to a higher index, on no port or `error`), each node an agent
 * node with 1-2 attempts, some fan-outs over two agents, and a random sequence of draws that
 * picks the events.
 */
const scenario: fc.Arbitrary<Scenario> = fc.integer({ min: 1, max: MAX_NODES }).chain((size) =>
  fc
    .record({
      joins: fc.array(fc.constantFrom<'all' | 'any'>('all', 'any'), { minLength: size, maxLength: size }),
      attempts: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: size, maxLength: size }),
      fanOuts: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
      edges: fc.array(fc.record({ from: fc.nat(size - 1), to: fc.nat(size - 1), error: fc.boolean() }), { maxLength: MAX_EDGES }),
      events: fc.array(fc.nat(10_000), { maxLength: MAX_EVENTS }),
    })
    .map(({ joins, attempts, fanOuts, edges, events }) => {
      const nodes: WorkflowNode[] = joins.map((join, index) => ({ id: `n${index}`, type: 'shell', config: {}, join }));
      const workflowEdges: WorkflowEdge[] = edges.filter((edge) => edge.from < edge.to).map((edge) => ({ from: `n${edge.from}`, to: `n${edge.to}`, ...(edge.error ? { port: 'error' } : {}) }));
      const graph = WorkflowGraph.from({ schemaVersion: 1, name: 'random', inputs: {}, defaults: {}, nodes, edges: workflowEdges });
      const fanOut = new Set(nodes.filter((_, index) => fanOuts[index]).map((each) => each.id));
      const byNode = Object.fromEntries(
        nodes.map((each, index) => [each.id, options({ maxAttempts: attempts[index] ?? 1 }, fanOut.has(each.id) ? { labels: ['web'], each: true, minSuccess: 1 } : undefined)]),
      );
      const ctx: EngineContext = { ...context(byNode), graph, optionsOf: (nodeId) => (graph.node(nodeId) ? byNode[nodeId] : undefined) };
      return { graph, context: ctx, fanOut, events };
    }),
);

/** A run in memory, and what the properties look back on. */
class Simulation {
  readonly run: MemoryRun;
  /** `node/attempt/agent` of every claim that was accepted. */
  readonly claims: string[] = [];
  /** `node/attempt/agent` of every result that changed the run. */
  readonly results: string[] = [];
  readonly replayable: NodeResult[] = [];
  /** The run's status and error that the advance after each folded result's decision would have written. */
  readonly folded: Array<{ status: string; error: unknown }> = [];
  private resultsDecided = 0;

  constructor(readonly scenario: Scenario) {
    this.run = model('running', scenario.graph.nodeIds.map((id) => node(id, 'pending', 0)));
  }

  decide(event: EngineEvent): Applied {
    return this.apply(decide(event, snapshotOf(this.run), this.scenario.context));
  }

  /** Applies a decision and carries out what it asks of the shell, as the shell does. */
  apply(decision: Decision): Applied {
    const applied = applyInMemory(this.run, decision);
    for (const request of applied.requests) {
      if (request.kind === 'prepare-retry') {
        const tasks = [{ runId: RUN_ID, nodeId: request.nodeId, agentId: request.agentId, attempt: request.attempt } as NodeTask];
        this.decide({ type: 'retry-prepared', request, built: { ok: true, tasks } });
      } else if (request.kind === 'settle-fan-out') {
        const cells = [...this.run.tasks.values()]
          .filter((task) => task.nodeId === request.nodeId)
          .map((task) => ({ agentId: task.agentId, agentName: task.agentId, status: task.status, output: task.output, error: task.error, startedAt: task.startedAt, finishedAt: task.finishedAt }));
        this.decide({ type: 'fan-out-closed', nodeId: request.nodeId, cells });
      } else {
        this.result(request.result);
      }
    }
    return applied;
  }

  advance(draw: number): void {
    const preparations = new Map<string, NodePreparation>();
    for (const row of this.run.nodes.values()) {
      if (row.status !== 'pending' && row.status !== 'waiting') continue;
      const agents = this.scenario.fanOut.has(row.nodeId) ? ['a1', 'a2'] : [AGENTS[(draw + row.attempt) % AGENTS.length] ?? 'a1'];
      const tasks = agents.map((agentId) => ({ runId: RUN_ID, nodeId: row.nodeId, agentId, attempt: row.attempt + 1 }) as NodeTask);
      preparations.set(row.nodeId, { kind: 'dispatch', fanOut: this.scenario.fanOut.has(row.nodeId), tasks, attempt: row.attempt });
    }
    this.decide({ type: 'advance', preparations });
  }

  claim(nodeId: string, agentId: string, attempt: number): void {
    const decision = decide({ type: 'claimed', nodeId, agentId, attempt, at: NOW }, snapshotOf(this.run), this.scenario.context);
    // A claim that writes is the one that starts the attempt; a repeated claim writes nothing.
    if (this.apply(decision).applied && decision.patches.length > 0) this.claims.push(`${nodeId}/${attempt}/${agentId}`);
  }

  result(result: NodeResult): Applied {
    const before = JSON.stringify(snapshotOf(this.run));
    const current = this.run.tasks.get(`${result.nodeId}/${result.agentId}`);
    const fenced = !current || current.attempt !== result.attempt || (current.status !== 'queued' && current.status !== 'running') || this.run.run.status !== 'running';
    // Every other result is decided as the shell decides it, without the task: the patch's guard fences it.
    const { tasks, ...withoutTasks } = snapshotOf(this.run);
    this.resultsDecided += 1;
    const snapshot = this.resultsDecided % 2 === 0 ? withoutTasks : { ...withoutTasks, tasks };
    const decided = decide({ type: 'result', result }, snapshot, this.scenario.context);
    // Every third result is folded as the shell folds a single result on the rows it locked:
    // when it ends the run, the end is the one the advance after it would have written.
    const decision = this.resultsDecided % 3 === 0 ? foldRunEnd(decided, this.scenario.graph, withoutTasks.run, withoutTasks.nodes, NOW) : decided;
    if (decision !== decided) this.folded.push(this.endAfterAdvance(decided));
    const applied = this.apply(decision);
    if (decision !== decided && applied.applied) expect(this.run.run).toMatchObject(this.folded[this.folded.length - 1] ?? {});
    if (applied.applied) {
      this.results.push(`${result.nodeId}/${result.attempt}/${result.agentId}`);
      this.replayable.push(result);
    }
    // Fencing: a result of an attempt that is not open changes nothing.
    if (fenced) {
      expect(applied.applied).toBe(false);
      expect(JSON.stringify(snapshotOf(this.run))).toBe(before);
    }
    return applied;
  }

  /** On a copy of the run: the unfolded decision, then an advance; the run's status and error after them. */
  private endAfterAdvance(decision: Decision): { status: string; error: unknown } {
    const twin: MemoryRun = { run: { ...this.run.run }, nodes: new Map([...this.run.nodes].map(([id, row]) => [id, { ...row }])), tasks: new Map([...this.run.tasks].map(([key, task]) => [key, { ...task }])) };
    applyInMemory(twin, decision);
    applyInMemory(twin, decide({ type: 'advance', preparations: new Map() }, snapshotOf(twin), this.scenario.context));
    return { status: twin.run.status, error: twin.run.error ?? null };
  }

  openTasks() {
    return [...this.run.tasks.values()].filter((task) => task.status === 'queued' || task.status === 'running');
  }

  finished(): boolean {
    return TERMINAL_RUN_STATUSES.includes(this.run.run.status);
  }
}

/** One random event, picked by `draw`. */
function step(sim: Simulation, draw: number): void {
  const open = sim.openTasks();
  const task = open[draw % Math.max(open.length, 1)];
  switch (draw % 9) {
    case 0:
    case 1:
      return sim.advance(draw);
    case 2:
      if (task) sim.claim(task.nodeId, task.agentId, task.attempt);
      return;
    case 3:
      if (task) sim.claim(task.nodeId, task.agentId, Math.max(0, task.attempt - 1));
      return;
    case 4:
      if (task) sim.result(succeeded(task.nodeId, task.agentId, task.attempt));
      return;
    case 5:
      if (task) sim.result(failed(task.nodeId, task.agentId, task.attempt, draw % 2 === 0 ? 'TIMEOUT' : 'EXIT_CODE'));
      return;
    case 6: {
      const replay = sim.replayable[draw % Math.max(sim.replayable.length, 1)];
      if (replay) sim.result(replay);
      else if (task) sim.result(succeeded(task.nodeId, task.agentId, task.attempt - 1));
      return;
    }
    case 7:
      if (task) sim.decide({ type: 'agent-lost', task: { ...task }, jobRemoved: task.status === 'queued' && draw % 2 === 0 });
      return;
    default:
      if (task?.status === 'running') sim.decide({ type: 'deadline', task: { ...task }, graceMs: 1_000 });
      else if (draw % 97 === 0) sim.decide({ type: 'cancel', reason: 'random', unfinishedChildren: [] });
  }
}

/** Every task reports success: the run must end, within a bound set by its size. */
function driveToEnd(sim: Simulation): void {
  const bound = sim.scenario.graph.nodeIds.length * 4 + 4;
  for (let round = 0; round < bound && !sim.finished(); round += 1) {
    sim.advance(round);
    for (const task of sim.openTasks()) sim.claim(task.nodeId, task.agentId, task.attempt);
    for (const task of sim.openTasks()) sim.result(succeeded(task.nodeId, task.agentId, task.attempt));
  }
}

function simulate(scenario: Scenario): Simulation {
  const sim = new Simulation(scenario);
  for (const draw of scenario.events) step(sim, draw);
  driveToEnd(sim);
  return sim;
}

describe('decide: properties over random runs and events', () => {
  it('every run reaches a final status once all its tasks report, with every node settled', () => {
    fc.assert(
      fc.property(scenario, (each) => {
        const sim = simulate(each);
        expect(sim.finished()).toBe(true);
        for (const row of sim.run.nodes.values()) expect(isTerminalNodeRunStatus(row.status)).toBe(true);
        expect(sim.openTasks()).toEqual([]);
      }),
    );
  });

  it("a result folded with the run's end ends it as the advance after it would: same status, same error", () => {
    let folded = 0;
    fc.assert(
      fc.property(scenario, (each) => {
        // The comparison itself is made as each folded result is applied (Simulation.result).
        folded += simulate(each).folded.length;
      }),
    );
    expect(folded).toBeGreaterThan(0);
  });

  it('no node runs twice for one attempt: a claim per agent and attempt, one agent per attempt of a single-target node', () => {
    fc.assert(
      fc.property(scenario, (each) => {
        const sim = simulate(each);
        expect(new Set(sim.claims).size).toBe(sim.claims.length);
        const single = sim.claims.filter((claim) => !each.fanOut.has(claim.split('/')[0] ?? '')).map((claim) => claim.split('/').slice(0, 2).join('/'));
        expect(new Set(single).size).toBe(single.length);
      }),
    );
  });

  it('fencing: a result changes the run once at most, and stale or replayed results change nothing', () => {
    fc.assert(
      fc.property(scenario, (each) => {
        const sim = simulate(each);
        expect(new Set(sim.results).size).toBe(sim.results.length);
        const before = JSON.stringify(snapshotOf(sim.run));
        for (const result of sim.replayable) expect(sim.result(result).applied).toBe(false);
        expect(JSON.stringify(snapshotOf(sim.run))).toBe(before);
      }),
    );
  });

  it('skips follow the planner: a node is skipped exactly when its settled upstream leaves it no taken edge', () => {
    fc.assert(
      fc.property(scenario, (each) => {
        const sim = simulate(each);
        if (sim.run.run.status === 'cancelled') return;
        const rows = [...sim.run.nodes.values()];
        const skipped = rows.filter((row) => row.status === 'skipped').map((row) => row.nodeId);
        const unskipped = rows.map((row) => (row.status === 'skipped' ? { ...row, status: 'pending' as const } : row));
        const replanned = plan(each.graph, nodeStates(unskipped));
        expect(replanned.ready).toEqual([]);
        expect([...replanned.skipped].sort()).toEqual([...skipped].sort());
        expect(replanned.outcome?.status).toBe(sim.run.run.status);
      }),
    );
  });
});
