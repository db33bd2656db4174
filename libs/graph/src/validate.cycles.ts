import { findCycles } from './graph.cycles';
import type { CheckContext } from './validate.subject';
import type { ValidationProblem } from './validation.types';

/**
 * CYCLE: one problem per cycle, naming its nodes in order (`cycle: a -> b -> c -> a`); where
 * cycles tangle (share nodes), one problem for the tangle, naming its shortest cycle through
 * its first node.
 * UNREACHABLE_NODE: a node with incoming edges that no path from a root (a node without
 * incoming edges) reaches. Nodes on a cycle have no such path either; they are reported as
 * CYCLE only. Nodes below a cycle and nowhere else are unreachable. Reachability needs every
 * edge, so it is checked only on a definition that passed the schema.
 */
export function checkCycles(context: CheckContext): ValidationProblem[] {
  const { graph } = context;
  const successorsOf = (id: string): string[] => graph.outgoing(id).map((edge) => edge.to);
  const cycles = findCycles(graph.nodeIds, successorsOf);
  const problems: ValidationProblem[] = cycles.map(({ path, component }) => {
    const [first = ''] = path;
    const others = component.filter((id) => !path.includes(id)).sort((a, b) => (context.indexOf.get(a) ?? 0) - (context.indexOf.get(b) ?? 0));
    const tangled = others.length > 0 ? ` (${others.join(', ')} ${others.length > 1 ? 'are' : 'is'} on cycles through these nodes too)` : '';
    return {
      code: 'CYCLE',
      message: `cycle: ${[...path, first].join(' -> ')}${tangled}`,
      nodeId: first,
      path: ['nodes', context.indexOf.get(first) ?? 0],
    };
  });
  if (!context.subject.complete) return problems;

  const onCycle = new Set(cycles.flatMap((cycle) => cycle.component));
  const reached = new Set<string>(graph.roots);
  const pending = [...graph.roots];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    for (const successor of successorsOf(id)) {
      if (reached.has(successor)) continue;
      reached.add(successor);
      pending.push(successor);
    }
  }
  for (const id of graph.nodeIds) {
    if (reached.has(id) || onCycle.has(id)) continue;
    problems.push({
      code: 'UNREACHABLE_NODE',
      message: 'no path from a starting node (one without incoming edges) reaches this node',
      nodeId: id,
      path: ['nodes', context.indexOf.get(id) ?? 0],
    });
  }
  return problems;
}
