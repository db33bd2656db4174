import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@runtime-hub/protocol';
import { topologicalOrder } from './graph.topological-order';

const NO_EDGES: readonly WorkflowEdge[] = [];

/**
 * A workflow definition indexed for the validator, the planner and the dashboard: every
 * lookup is a Map access keyed by node id.
 *
 * `from` assumes node ids are unique (validate checks it; on a duplicate the first node
 * wins). Edges that name a node the definition does not have are left out.
 */
export class WorkflowGraph {
  readonly definition: WorkflowDefinition;
  /** Node ids in definition order. */
  readonly nodeIds: readonly string[];
  /** Nodes without incoming edges, in definition order. */
  readonly roots: readonly string[];
  /**
   * Every node once, each after all of its upstream nodes; ties in definition order. Nodes
   * blocked by a cycle (only in a definition that validate refuses) come last.
   */
  readonly topologicalOrder: readonly string[];

  private readonly nodesById = new Map<string, WorkflowNode>();
  private readonly incomingById = new Map<string, WorkflowEdge[]>();
  private readonly outgoingById = new Map<string, WorkflowEdge[]>();
  private readonly upstreamMemo = new Map<string, ReadonlySet<string>>();

  private constructor(definition: WorkflowDefinition) {
    this.definition = definition;
    for (const node of definition.nodes) {
      if (this.nodesById.has(node.id)) continue;
      this.nodesById.set(node.id, node);
      this.incomingById.set(node.id, []);
      this.outgoingById.set(node.id, []);
    }
    for (const edge of definition.edges) {
      const outgoing = this.outgoingById.get(edge.from);
      const incoming = this.incomingById.get(edge.to);
      if (outgoing === undefined || incoming === undefined) continue;
      outgoing.push(edge);
      incoming.push(edge);
    }
    this.nodeIds = [...this.nodesById.keys()];
    this.roots = this.nodeIds.filter((id) => this.incoming(id).length === 0);
    this.topologicalOrder = topologicalOrder(this.nodeIds, (id) => this.outgoing(id).map((edge) => edge.to));
  }

  static from(definition: WorkflowDefinition): WorkflowGraph {
    return new WorkflowGraph(definition);
  }

  node(id: string): WorkflowNode | undefined {
    return this.nodesById.get(id);
  }

  incoming(id: string): readonly WorkflowEdge[] {
    return this.incomingById.get(id) ?? NO_EDGES;
  }

  outgoing(id: string): readonly WorkflowEdge[] {
    return this.outgoingById.get(id) ?? NO_EDGES;
  }

  /**
   * Every node with a path to `id` (transitively), memoized. `id` itself is in the set only
   * when it sits on a cycle.
   */
  upstreamOf(id: string): ReadonlySet<string> {
    const known = this.upstreamMemo.get(id);
    if (known !== undefined) return known;
    const upstream = new Set<string>();
    // Iterative walk against incoming edges: no recursion, whatever the depth of the graph.
    const pending = this.incoming(id).map((edge) => edge.from);
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (upstream.has(next)) continue;
      upstream.add(next);
      const memoized = this.upstreamMemo.get(next);
      if (memoized !== undefined) {
        for (const ancestor of memoized) upstream.add(ancestor);
        continue;
      }
      for (const edge of this.incoming(next)) pending.push(edge.from);
    }
    this.upstreamMemo.set(id, upstream);
    return upstream;
  }
}
