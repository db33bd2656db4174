import type { WorkflowEdge } from '@runtime-hub/protocol';

/**
 * Positions for nodes a definition gives none (a workflow written by hand or by the CLI):
 * layered left to right by the longest path from a node without upstream, one row per node
 * of a layer. A wide layer (a fan-out of a thousand nodes) is wrapped into a block of
 * columns about as wide as it is high, not one column a hundred screens tall. Pure; nodes
 * that already have a position keep it and are not moved.
 */

/** Horizontal distance between layers, in flow units: a node is about 220 wide. */
export const LAYOUT_LAYER_GAP_X = 280;
/** Vertical distance between the nodes of one layer: a node is about 90 high with its problems. */
export const LAYOUT_ROW_GAP_Y = 140;
/** A layer of more nodes than this is wrapped into several columns. */
export const LAYOUT_MAX_ROWS_UNWRAPPED = 12;

export interface LayoutSpacing {
  /** Horizontal distance between layers (and between the columns of a wrapped layer). */
  readonly layerGapX: number;
  /** Vertical distance between the nodes of one column. */
  readonly rowGapY: number;
}

/** The editor's spacing; the live run view's cards are taller and pass their own. */
export const EDITOR_LAYOUT_SPACING: LayoutSpacing = { layerGapX: LAYOUT_LAYER_GAP_X, rowGapY: LAYOUT_ROW_GAP_Y };

export interface Point {
  readonly x: number;
  readonly y: number;
}

export function autoLayout(nodeIds: readonly string[], edges: readonly Pick<WorkflowEdge, 'from' | 'to'>[], spacing: LayoutSpacing = EDITOR_LAYOUT_SPACING): Map<string, Point> {
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
  const layers: (string[] | undefined)[] = [];
  for (const id of nodeIds) {
    const layer = depth.get(id) ?? 0;
    (layers[layer] ??= []).push(id);
  }
  const positions = new Map<string, Point>();
  let x = 0;
  for (const members of layers) {
    if (!members) continue;
    const { columns, rows } = layerShape(members.length, spacing);
    members.forEach((id, index) => {
      positions.set(id, { x: x + Math.floor(index / rows) * spacing.layerGapX, y: (index % rows) * spacing.rowGapY });
    });
    x += columns * spacing.layerGapX;
  }
  return positions;
}

/** Columns and rows of a layer: one column up to the limit, else a block about as wide as high. */
export function layerShape(count: number, spacing: LayoutSpacing = EDITOR_LAYOUT_SPACING): { columns: number; rows: number } {
  if (count <= LAYOUT_MAX_ROWS_UNWRAPPED) return { columns: 1, rows: count };
  const columns = Math.ceil(Math.sqrt((count * spacing.rowGapY) / spacing.layerGapX));
  return { columns, rows: Math.ceil(count / columns) };
}
