import fc from 'fast-check';
import { isTerminalNodeRunStatus } from '@runtime-hub/protocol';
import type { WorkflowEdge, WorkflowNode } from '@runtime-hub/protocol';
import type { NodeRunState, Plan } from './planner';
import { plan } from './planner';
import { WorkflowGraph } from './workflow-graph';

/** Output ports each kind of node may fire on success. */
const PORTS = { plain: ['out'], condition: ['true', 'false'], switch: ['a', 'b', 'c'] } as const;
type Kind = keyof typeof PORTS;

const MAX_NODES = 10;
const MAX_EDGES = 25;
/** Random numbers the simulation draws from, in turn, to pick what completes and how. */
const CHOICES = 128;

interface RandomRun {
  readonly graph: WorkflowGraph;
  readonly kinds: readonly Kind[];
  readonly choices: readonly number[];
}

/**
 * Random DAGs: edges only go from a lower to a higher index, so there is never a cycle. Each
 * edge leaves on no port, `error`, or one of its source's ports; each node joins all or any.
 */
const randomRun: fc.Arbitrary<RandomRun> = fc.integer({ min: 1, max: MAX_NODES }).chain((size) =>
  fc
    .record({
      kinds: fc.array(fc.constantFrom<Kind>('plain', 'condition', 'switch'), { minLength: size, maxLength: size }),
      joins: fc.array(fc.constantFrom<'all' | 'any'>('all', 'any'), { minLength: size, maxLength: size }),
      edges: fc.array(fc.record({ from: fc.nat(size - 1), to: fc.nat(size - 1), port: fc.nat(5) }), { maxLength: MAX_EDGES }),
      choices: fc.array(fc.nat(1_000), { minLength: CHOICES, maxLength: CHOICES }),
    })
    .map(({ kinds, joins, edges, choices }) => {
      const nodes: WorkflowNode[] = kinds.map((_, index) => ({ id: `n${index}`, type: 'set', config: {}, join: joins[index] ?? 'all' }));
      const workflowEdges: WorkflowEdge[] = edges
        .filter((edge) => edge.from < edge.to)
        .map((edge) => {
          const ports: readonly string[] = PORTS[kinds[edge.from] ?? 'plain'];
          const port = edge.port === 0 ? undefined : edge.port === 1 ? 'error' : ports[(edge.port - 2) % ports.length];
          return { from: `n${edge.from}`, to: `n${edge.to}`, ...(port !== undefined ? { port } : {}) };
        });
      const graph = WorkflowGraph.from({ schemaVersion: 1, name: 'random', inputs: {}, defaults: {}, nodes, edges: workflowEdges });
      return { graph, kinds, choices };
    }),
);

/**
 * Runs a workflow the way the coordinator does: ask the planner, mark ready nodes running and
 * skipped nodes skipped, complete one running node (picked at random, succeeding on a random
 * port or failing), and ask again, until the planner reports an outcome.
 */
function simulate({ graph, kinds, choices }: RandomRun): { outcome: NonNullable<Plan['outcome']>; states: Map<string, NodeRunState> } {
  const states = new Map<string, NodeRunState>();
  const readied = new Set<string>();
  const running: string[] = [];
  let draw = 0;
  const next = (): number => choices[draw++ % choices.length] ?? 0;
  // Each round completes one node, so this many rounds always suffice.
  for (let round = 0; round <= graph.nodeIds.length * 2 + 1; round += 1) {
    const before = JSON.stringify([...states]);
    const result = plan(graph, states);

    // Identical inputs give identical plans; the input Map is not mutated.
    expect(plan(graph, states)).toEqual(result);
    expect(JSON.stringify([...states])).toBe(before);

    for (const id of result.skipped) {
      expect(states.get(id)?.status ?? 'pending').toBe('pending');
      states.set(id, { status: 'skipped' });
    }
    for (const id of result.ready) {
      // Never readies a node twice; with join all, never before every source is terminal.
      expect(readied.has(id)).toBe(false);
      if ((graph.node(id)?.join ?? 'all') === 'all') {
        for (const edge of graph.incoming(id)) {
          expect(isTerminalNodeRunStatus(states.get(edge.from)?.status ?? 'pending')).toBe(true);
        }
      }
      readied.add(id);
      states.set(id, { status: 'running' });
      running.push(id);
    }
    if (result.outcome !== null) return { outcome: result.outcome, states };

    // Always makes progress: something runs while the outcome is open.
    expect(running.length).toBeGreaterThan(0);
    const [id = ''] = running.splice(next() % running.length, 1);
    const ports: readonly string[] = PORTS[kinds[Number(id.slice(1))] ?? 'plain'];
    const completion: NodeRunState = next() % 4 === 0 ? { status: 'failed' } : { status: 'succeeded', port: ports[next() % ports.length] ?? 'out' };
    states.set(id, completion);
  }
  throw new Error('the planner never reported an outcome');
}

describe('plan, on random workflows run to the end', () => {
  it('readies each node at most once, only when its sources allow, and always ends with the right outcome', () => {
    fc.assert(
      fc.property(randomRun, (run) => {
        // ACT
        const { outcome, states } = simulate(run);
        // ASSERT: every node is terminal, and the outcome names exactly the unhandled failures.
        for (const id of run.graph.nodeIds) expect(isTerminalNodeRunStatus(states.get(id)?.status ?? 'pending')).toBe(true);
        const unhandled = run.graph.topologicalOrder.filter(
          (id) => states.get(id)?.status === 'failed' && !run.graph.outgoing(id).some((edge) => edge.port === 'error'),
        );
        expect(outcome).toEqual(unhandled.length > 0 ? { status: 'failed', failedNodes: unhandled } : { status: 'succeeded', failedNodes: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('skips exactly the nodes whose incoming edges all died', () => {
    fc.assert(
      fc.property(randomRun, (run) => {
        // ACT
        const { states } = simulate(run);
        // ASSERT: a skipped node has no taken edge; a node that ran had one (or is a root).
        for (const id of run.graph.nodeIds) {
          const incoming = run.graph.incoming(id);
          const taken = incoming.some((edge) => isTaken(edge, states.get(edge.from)));
          if (states.get(id)?.status === 'skipped') expect(taken).toBe(false);
          else expect(incoming.length === 0 || taken).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function isTaken(edge: WorkflowEdge, source: NodeRunState | undefined): boolean {
  if (source?.status === 'failed') return edge.port === 'error';
  if (source?.status !== 'succeeded') return false;
  return edge.port === undefined || edge.port === (source.port ?? 'out');
}
