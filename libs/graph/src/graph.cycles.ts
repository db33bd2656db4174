/**
 * Finds the cycles of a graph, one per strongly connected component that has one:
 *
 * 1. Tarjan's algorithm (iterative, so graph depth never exhausts the stack) splits the graph
 *    into strongly connected components.
 * 2. A component with two or more nodes, or one node with an edge to itself, holds a cycle.
 * 3. Its cycle starts at its member that comes first in definition order and follows the
 *    shortest way back to it (breadth-first, inside the component), so the same definition
 *    always reports the same cycle.
 *
 * Returns each cycle as its nodes in order, without repeating the first, with every node of its
 * component (all of them sit on some cycle); listed in the definition order of their first node.
 */
export interface FoundCycle {
  /** The cycle's nodes in order, without repeating the first. */
  readonly path: readonly string[];
  /** Every node of the strongly connected component the cycle was found in. */
  readonly component: readonly string[];
}

export function findCycles(nodeIds: readonly string[], successorsOf: (id: string) => readonly string[]): FoundCycle[] {
  const position = new Map<string, number>();
  nodeIds.forEach((id, index) => position.set(id, index));
  const cycles: FoundCycle[] = [];
  for (const component of stronglyConnectedComponents(nodeIds, successorsOf)) {
    // Step 2.
    const [single] = component;
    if (component.length === 1 && single !== undefined && !successorsOf(single).includes(single)) continue;
    // Step 3.
    const start = component.reduce((first, id) => ((position.get(id) ?? 0) < (position.get(first) ?? 0) ? id : first));
    cycles.push({ path: shortestCycleThrough(start, new Set(component), successorsOf), component });
  }
  return cycles.sort((a, b) => (position.get(a.path[0] ?? '') ?? 0) - (position.get(b.path[0] ?? '') ?? 0));
}

/** Step 1: Tarjan's algorithm with an explicit stack of frames instead of recursion. */
function stronglyConnectedComponents(nodeIds: readonly string[], successorsOf: (id: string) => readonly string[]): string[][] {
  const indexOf = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of nodeIds) {
    if (indexOf.has(root)) continue;
    const frames: Array<{ id: string; successors: readonly string[]; next: number }> = [];
    const enter = (id: string): void => {
      indexOf.set(id, counter);
      lowLink.set(id, counter);
      counter += 1;
      stack.push(id);
      onStack.add(id);
      frames.push({ id, successors: successorsOf(id), next: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as (typeof frames)[number];
      const successor = frame.successors[frame.next];
      if (successor !== undefined) {
        frame.next += 1;
        if (!indexOf.has(successor)) enter(successor);
        else if (onStack.has(successor)) lowLink.set(frame.id, Math.min(lowLink.get(frame.id) ?? 0, indexOf.get(successor) ?? 0));
        continue;
      }
      frames.pop();
      const low = lowLink.get(frame.id) ?? 0;
      const parent = frames[frames.length - 1];
      if (parent !== undefined) lowLink.set(parent.id, Math.min(lowLink.get(parent.id) ?? 0, low));
      if (low === indexOf.get(frame.id)) {
        const component: string[] = [];
        for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
          onStack.delete(member);
          component.push(member);
          if (member === frame.id) break;
        }
        components.push(component);
      }
    }
  }
  return components;
}

/** The shortest path from `start` back to itself inside `members`, as the nodes along it. */
function shortestCycleThrough(start: string, members: ReadonlySet<string>, successorsOf: (id: string) => readonly string[]): string[] {
  const cameFrom = new Map<string, string>();
  const queue: string[] = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const current = queue[head] as string;
    for (const successor of successorsOf(current)) {
      if (successor === start) {
        const path = [current];
        for (let step = cameFrom.get(current); step !== undefined; step = cameFrom.get(step)) path.push(step);
        return path.reverse();
      }
      if (!members.has(successor) || cameFrom.has(successor)) continue;
      cameFrom.set(successor, current);
      queue.push(successor);
    }
  }
  return [start];
}
