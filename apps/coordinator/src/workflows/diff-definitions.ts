import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@runtime-hub/protocol';

/**
 * What changed between two workflow definitions, in the terms a reviewer thinks in: nodes
 * added, removed or changed (matched by id), edges added or removed, inputs, defaults and
 * the top-level fields. Pure: it imports only protocol types, so the dashboard can use the
 * same function on two versions it already holds.
 *
 * Conventions:
 * - A `path` is relative to the thing it is about (`config.script` inside a node,
 *   `dir.default` inside `inputs`). Keys that are not plain names are quoted:
 *   `config.headers["Content-Type"]`.
 * - `before` is absent when the value was added and `after` is absent when it was removed
 *   (JSON has no `undefined`).
 * - Arrays are compared whole: `target.labels` changed from `[a]` to `[a, b]` is one change,
 *   because a list of labels or arguments reads better whole than index by index.
 * - An edge is its (from, port, to, toPort); changing its port removes one edge and adds
 *   another.
 * - Node or edge order carries no meaning for a run; when only the order differs, every
 *   list is empty and `reordered` is true.
 */
export interface ValueChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface NodeChange {
  readonly id: string;
  readonly changes: readonly ValueChange[];
}

export interface DefinitionDiff {
  /** True when the two definitions are the same value (order of nodes and edges included). */
  readonly identical: boolean;
  /** Same nodes and edges, in a different order (editor-only; no effect on runs). */
  readonly reordered: boolean;
  /** `name`, `description`, `schemaVersion`. */
  readonly propertiesChanged: readonly ValueChange[];
  readonly inputsChanged: readonly ValueChange[];
  readonly defaultsChanged: readonly ValueChange[];
  readonly nodesAdded: readonly WorkflowNode[];
  readonly nodesRemoved: readonly WorkflowNode[];
  readonly nodesChanged: readonly NodeChange[];
  readonly edgesAdded: readonly WorkflowEdge[];
  readonly edgesRemoved: readonly WorkflowEdge[];
}

const TOP_LEVEL_PROPERTIES = ['schemaVersion', 'name', 'description'] as const;

export function diffDefinitions(before: WorkflowDefinition, after: WorkflowDefinition): DefinitionDiff {
  const propertiesChanged = TOP_LEVEL_PROPERTIES.flatMap((key) => diffValues(key, before[key], after[key]));
  const inputsChanged = diffValues('', before.inputs, after.inputs);
  const defaultsChanged = diffValues('', before.defaults, after.defaults);

  const beforeNodes = new Map(before.nodes.map((node) => [node.id, node]));
  const afterNodes = new Map(after.nodes.map((node) => [node.id, node]));
  const nodesAdded = after.nodes.filter((node) => !beforeNodes.has(node.id));
  const nodesRemoved = before.nodes.filter((node) => !afterNodes.has(node.id));
  const nodesChanged: NodeChange[] = [];
  for (const node of after.nodes) {
    const previous = beforeNodes.get(node.id);
    if (!previous) continue;
    const changes = diffValues('', withoutId(previous), withoutId(node));
    if (changes.length > 0) nodesChanged.push({ id: node.id, changes });
  }

  const edgesAdded = edgesMissingFrom(after.edges, before.edges);
  const edgesRemoved = edgesMissingFrom(before.edges, after.edges);

  const identical = isDeepEqual(before, after);
  const unchangedAsSets =
    propertiesChanged.length + inputsChanged.length + defaultsChanged.length === 0 &&
    nodesAdded.length + nodesRemoved.length + nodesChanged.length === 0 &&
    edgesAdded.length + edgesRemoved.length === 0;

  return {
    identical,
    reordered: !identical && unchangedAsSets,
    propertiesChanged,
    inputsChanged,
    defaultsChanged,
    nodesAdded,
    nodesRemoved,
    nodesChanged,
    edgesAdded,
    edgesRemoved,
  };
}

function withoutId(node: WorkflowNode): Omit<WorkflowNode, 'id'> {
  const { id: _id, ...rest } = node;
  return rest;
}

/** Edges of `edges` that `others` lacks, counting duplicates (a multiset difference). */
function edgesMissingFrom(edges: readonly WorkflowEdge[], others: readonly WorkflowEdge[]): WorkflowEdge[] {
  const remaining = new Map<string, number>();
  for (const edge of others) remaining.set(edgeKey(edge), (remaining.get(edgeKey(edge)) ?? 0) + 1);
  const missing: WorkflowEdge[] = [];
  for (const edge of edges) {
    const count = remaining.get(edgeKey(edge)) ?? 0;
    if (count > 0) remaining.set(edgeKey(edge), count - 1);
    else missing.push(edge);
  }
  return missing;
}

function edgeKey(edge: WorkflowEdge): string {
  return JSON.stringify([edge.from, edge.port ?? null, edge.to, edge.toPort ?? null]);
}

/**
 * Changes from `before` to `after` under `path`: plain objects are walked key by key (in
 * sorted order, so the result does not depend on key order); anything else is compared whole.
 */
function diffValues(path: string, before: unknown, after: unknown): ValueChange[] {
  if (isDeepEqual(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(joinPath(path, key), before[key], after[key]));
  }
  return [change(path, before, after)];
}

function change(path: string, before: unknown, after: unknown): ValueChange {
  return {
    path,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  };
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function joinPath(path: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Structural equality of JSON values. A key holding `undefined` counts as absent, as it
 * would after a round trip through JSON or a jsonb column.
 */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => isDeepEqual(item, b[index]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
  return keysA.length === keysB.length && keysA.every((key) => isDeepEqual(a[key], b[key]));
}
