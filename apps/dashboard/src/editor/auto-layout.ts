import type { WorkflowEdge } from '@runtime-hub/protocol';

/**
 * Positions for nodes a definition gives none (a workflow written by hand or by the CLI):
 * layered left to right by the longest path from a node without upstream, one row per node
 * of a layer. Pure; nodes that already have a position keep it and are not moved.
 */

/** Horizontal distance between layers, in flow units: a node is about 220 wide. */
export const LAYOUT_LAYER_GAP_X = 280;
/** Vertical distance between the nodes of one layer: a node is about 90 high with its problems. */
export const LAYOUT_ROW_GAP_Y = 140;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export function autoLayout(nodeIds: readonly string[], edges: readonly Pick<WorkflowEdge, 'from' | 'to'>[]): Map<string, Point> {
  const depth = new Map(nodeIds.map((id) => [id, 0]));
  // Longest-path layering by relaxation. A DAG settles within n rounds; the bound keeps a
  // cyclic draft (which the validator reports) from looping.
  for (let round = 0; round < nodeIds.length; round += 1) {
    let changed = false;
    for (const edge of edges) {
      const from = depth.get(edge.from);
      const to = depth.get(edge.to);
      if (from === undefined || to === undefined || to >= from + 1) continue;
      depth.set(edge.to, from + 1);
      changed = true;
    }
    if (!changed) break;
  }
  const rows = new Map<number, number>();
  const positions = new Map<string, Point>();
  for (const id of nodeIds) {
    const layer = depth.get(id) ?? 0;
    const row = rows.get(layer) ?? 0;
    rows.set(layer, row + 1);
    positions.set(id, { x: layer * LAYOUT_LAYER_GAP_X, y: row * LAYOUT_ROW_GAP_Y });
  }
  return positions;
}
