import type { NodeRunStatus, UpstreamNode } from '@runtime-hub/protocol';

/**
 * Which upstream nodes a task carries (`NodeTask.upstream`). The coordinator resolves `{{ }}`
 * templates itself, but some nodes evaluate at the agent: a `condition` or `switch`
 * evaluates its `expression` over `{ inputs, nodes, run }`, a `python` node sees `nodes` as a
 * dict. A task carries:
 *
 * 1. its direct predecessors (what a Python node reads first), and
 * 2. every transitive upstream node named in one of its expression fields
 *    (`nodes.list.output.count` names `list`),
 *
 * and not the whole run, so a task stays small however large the run's earlier outputs are.
 */
export interface UpstreamState {
  readonly status: NodeRunStatus;
  readonly port: string | null;
  readonly output: unknown;
}

export interface UpstreamSelectionInput {
  readonly directPredecessors: Iterable<string>;
  readonly transitiveUpstream: Iterable<string>;
  /** The text of the node's expression fields (`condition.expression`, ...). */
  readonly expressions: readonly string[];
  readonly states: ReadonlyMap<string, UpstreamState>;
}

/**
 * Node ids named in the expressions. A name counts when it stands as a whole JSONata name
 * (`nodes.list.output`, ``nodes.`list` ``); a name that merely occurs inside another
 * (`listing`) does not. Naming a node that is not really used costs only bytes.
 */
export function referencedNodeIds(expressions: readonly string[], candidates: Iterable<string>): string[] {
  const text = expressions.join('\n');
  const referenced: string[] = [];
  // No text names nothing: no pattern is built per candidate.
  if (text.trim() === '') return referenced;
  for (const id of candidates) {
    const pattern = new RegExp(`(^|[^A-Za-z0-9_$])${id}(?![A-Za-z0-9_])`);
    if (pattern.test(text)) referenced.push(id);
  }
  return referenced;
}

export function selectUpstream(input: UpstreamSelectionInput): Record<string, UpstreamNode> {
  const ids = new Set<string>(input.directPredecessors);
  for (const id of referencedNodeIds(input.expressions, input.transitiveUpstream)) ids.add(id);

  const upstream: Record<string, UpstreamNode> = {};
  for (const id of [...ids].sort()) {
    const state = input.states.get(id);
    if (!state) continue;
    upstream[id] = {
      status: state.status,
      ...(state.port !== null ? { port: state.port } : {}),
      ...(state.status === 'succeeded' ? { output: state.output ?? null } : {}),
    };
  }
  return upstream;
}

/** The string values of a node's expression fields, as written in its config. */
export function expressionTexts(config: Readonly<Record<string, unknown>>, fields: readonly string[] | undefined): string[] {
  return (fields ?? []).map((field) => config[field]).filter((value): value is string => typeof value === 'string');
}
