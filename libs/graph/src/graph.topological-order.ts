/**
 * Kahn's algorithm with ties broken by definition order, so that the same definition always
 * gives the same order (the planner's `ready` list and the dashboard's layout rely on it).
 *
 * 1. Count the incoming edges of every node.
 * 2. Put every node without incoming edges in a min-heap keyed by its definition index.
 * 3. Pop the smallest index, emit it, and decrement the count of each of its successors;
 *    a successor whose count reaches zero enters the heap.
 * 4. Nodes a cycle blocks never reach zero; they are appended in definition order, so the
 *    result always lists every node once (only a definition that `validate` refuses has them).
 */
export function topologicalOrder(
  nodeIds: readonly string[],
  successorsOf: (id: string) => readonly string[],
): string[] {
  const indexOf = new Map<string, number>();
  nodeIds.forEach((id, index) => indexOf.set(id, index));

  // Step 1.
  const incomingCount = new Map<string, number>(nodeIds.map((id) => [id, 0]));
  for (const id of nodeIds) {
    for (const successor of successorsOf(id)) {
      incomingCount.set(successor, (incomingCount.get(successor) ?? 0) + 1);
    }
  }

  // Step 2.
  const heap = new IndexHeap();
  nodeIds.forEach((id, index) => {
    if (incomingCount.get(id) === 0) heap.push(index);
  });

  // Step 3.
  const order: string[] = [];
  const emitted = new Set<string>();
  for (let index = heap.pop(); index !== undefined; index = heap.pop()) {
    const id = nodeIds[index] as string;
    order.push(id);
    emitted.add(id);
    for (const successor of successorsOf(id)) {
      const remaining = (incomingCount.get(successor) ?? 0) - 1;
      incomingCount.set(successor, remaining);
      const successorIndex = indexOf.get(successor);
      if (remaining === 0 && successorIndex !== undefined) heap.push(successorIndex);
    }
  }

  // Step 4.
  for (const id of nodeIds) {
    if (!emitted.has(id)) order.push(id);
  }
  return order;
}

/** A binary min-heap of non-negative integers. */
class IndexHeap {
  private readonly items: number[] = [];

  push(value: number): void {
    const items = this.items;
    items.push(value);
    let child = items.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if ((items[parent] as number) <= value) break;
      items[child] = items[parent] as number;
      child = parent;
    }
    items[child] = value;
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let parent = 0;
    for (;;) {
      const left = parent * 2 + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const smaller = right < items.length && (items[right] as number) < (items[left] as number) ? right : left;
      if ((items[smaller] as number) >= last) break;
      items[parent] = items[smaller] as number;
      parent = smaller;
    }
    items[parent] = last;
    return top;
  }
}
