import { DEFAULT_OUTPUT_PORT, type WorkflowDefinitionInput, type WorkflowNode } from '@runtime-hub/protocol';

/**
 * The workflows the engine scenarios run. Every node is a `set` with no values: the catalogue's
 * no-op, so what is measured is Runtime Hub's own work per node, not a node's. One attempt per
 * node: a failure shows instead of being retried away.
 *
 * Where the nodes run (`Placement`): labels give every node a target of its own at the bench's
 * workers, so each node is a dispatched task (and a bench run against a shared Redis never
 * lands on someone else's agent); `DECIDED` leaves them untargeted, so the coordinator decides
 * them itself, with no task and no agent.
 */

const NO_OP = { values: {} } as const;
const ONE_ATTEMPT = { maxAttempts: 1 } as const;

/** Untargeted control nodes: decided by the coordinator. */
export const DECIDED = 'decided-by-coordinator';
export type Placement = readonly string[] | typeof DECIDED;

function defaults(): WorkflowDefinitionInput['defaults'] {
  return { retry: { ...ONE_ATTEMPT } };
}

function noOp(id: string, placement: Placement): Pick<WorkflowNode, 'id' | 'type' | 'config' | 'target'> {
  return { id, type: 'set', config: { ...NO_OP }, ...(placement === DECIDED ? {} : { target: { labels: [...placement] } }) };
}

/**
 *   n1 ──> n2 ──> ... ──> n<length>
 */
export function chainWorkflow(name: string, length: number, placement: Placement, links: ChainLinks = 'plain'): WorkflowDefinitionInput {
  const ids = Array.from({ length }, (_, index) => `n${index + 1}`);
  return {
    schemaVersion: 1,
    name,
    defaults: defaults(),
    nodes: ids.map((id) => noOp(id, placement)),
    edges: ids.slice(1).map((id, index) => ({ from: ids[index] as string, to: id, ...(links === 'on-port' ? { port: DEFAULT_OUTPUT_PORT } : {}) })),
  };
}

/**
 * How a chain's edges are drawn. `plain`: taken whenever the node before succeeds, so a chain
 * bound to one agent goes to it as bundles. `on-port`: each on the `out` port a `set` always
 * fires, the same run, but an edge on a port is never bundled: every node is a task of its own.
 */
export type ChainLinks = 'plain' | 'on-port';

/**
 *   p1 ──┐
 *   p2 ──┼──> join
 *   ...  │
 *   pW ──┘
 */
export function fanoutWorkflow(name: string, width: number, placement: Placement): WorkflowDefinitionInput {
  const parallel = Array.from({ length: width }, (_, index) => `p${index + 1}`);
  return {
    schemaVersion: 1,
    name,
    defaults: defaults(),
    nodes: [...parallel.map((id) => noOp(id, placement)), noOp('join', placement)],
    edges: parallel.map((id) => ({ from: id, to: 'join' })),
  };
}

/** One dispatched `set` node: a run is the engine's fixed cost (start, dispatch, result, finish) and one node. */
export function oneNodeWorkflow(name: string, labels: readonly string[]): WorkflowDefinitionInput {
  return chainWorkflow(name, 1, labels);
}

/**
 * A workflow the coordinator finishes by itself (a foreach over no items): a fire's whole
 * cost is the coordinator's — the fire, the run's start and its end — with no agent involved.
 *
 *   each (foreach over [])
 */
export function coordinatorOnlyWorkflow(name: string): WorkflowDefinitionInput {
  return {
    schemaVersion: 1,
    name,
    nodes: [
      {
        id: 'each',
        type: 'foreach',
        config: { items: [], maxIterations: 1, workflow: { schemaVersion: 1, name: `${name}-item`, nodes: [{ id: 'noop', type: 'set', config: { ...NO_OP } }], edges: [] } },
      },
    ],
    edges: [],
  };
}

/**
 * One `set` node to every online agent carrying `labels` (`each: true`): one task per agent,
 * the node done when all of them have answered.
 */
export function fleetWorkflow(name: string, labels: readonly string[]): WorkflowDefinitionInput {
  return {
    schemaVersion: 1,
    name,
    defaults: { retry: { ...ONE_ATTEMPT } },
    nodes: [{ id: 'everywhere', type: 'set', config: { ...NO_OP }, target: { labels: [...labels], each: true } }],
    edges: [],
  };
}
