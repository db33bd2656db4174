import {
  DEFAULT_INPUT_PORT,
  DEFAULT_OUTPUT_PORT,
  ERROR_PORT,
  type InputPortDefinition,
  type NodeCatalogue,
  type PortDefinition,
  type PortType,
} from '@runtime-hub/protocol';
import { editorEdgeId, edgeFromHandles } from './editor-graph.mapping';
import type { EditorDocument, NodeSpec } from './editor.types';

/**
 * Which handles may be joined, by the port types the node definitions declare: the same
 * rules the validator applies (PORT_TYPE_MISMATCH, EDGE_UNKNOWN_PORT, DUPLICATE_EDGE, CYCLE),
 * checked while the user drags so that a wrong edge is never drawn at all.
 */

/** The type the implicit `error` port carries. */
const ERROR_PORT_TYPE: PortType = 'error';

/** A node's output ports for its current config; a config that does not parse yet falls back to the raw value. */
export function outputPortsOf(spec: NodeSpec, catalogue: NodeCatalogue): readonly PortDefinition[] {
  const definition = catalogue.get(spec.type);
  if (!definition) return [];
  const parsed = definition.configSchema.safeParse(spec.config);
  try {
    return definition.outputPorts(parsed.success ? parsed.data : spec.config);
  } catch {
    // a config too broken to say its ports (a switch without cases): none until it is fixed
    return [];
  }
}

export function inputPortsOf(spec: NodeSpec, catalogue: NodeCatalogue): readonly InputPortDefinition[] {
  return catalogue.get(spec.type)?.inputPorts ?? [];
}

/** What leaves through a source handle; undefined when the node has no such port. */
export function sourcePortType(spec: NodeSpec, handle: string | null | undefined, catalogue: NodeCatalogue): PortType | undefined {
  const name = handle ?? DEFAULT_OUTPUT_PORT;
  if (name === ERROR_PORT) return ERROR_PORT_TYPE;
  return outputPortsOf(spec, catalogue).find((port) => port.name === name)?.type;
}

export function portAccepts(input: InputPortDefinition, type: PortType): boolean {
  return type === 'any' || input.accepts.includes('any') || input.accepts.includes(type);
}

export interface ConnectionAttempt {
  readonly source: string | null;
  readonly sourceHandle?: string | null;
  readonly target: string | null;
  readonly targetHandle?: string | null;
}

/** Why this connection may not be made, or undefined when it may. */
export function connectionProblem(document: EditorDocument, attempt: ConnectionAttempt, catalogue: NodeCatalogue): string | undefined {
  const { source, target } = attempt;
  if (!source || !target) return 'both ends must be nodes';
  if (source === target) return 'a node cannot feed itself';
  const from = document.nodes.find((node) => node.id === source)?.data.spec;
  const to = document.nodes.find((node) => node.id === target)?.data.spec;
  if (!from || !to) return 'both ends must be nodes of this workflow';

  const carried = sourcePortType(from, attempt.sourceHandle, catalogue);
  if (carried === undefined) return `"${source}" has no output port "${attempt.sourceHandle ?? DEFAULT_OUTPUT_PORT}"`;
  const inputName = attempt.targetHandle ?? DEFAULT_INPUT_PORT;
  const input = inputPortsOf(to, catalogue).find((port) => port.name === inputName);
  if (!input) return `"${target}" has no input port "${inputName}"`;
  if (!portAccepts(input, carried)) {
    return `port "${attempt.sourceHandle ?? DEFAULT_OUTPUT_PORT}" carries ${carried}, but input "${input.name}" of "${target}" accepts only ${input.accepts.join('|')}`;
  }

  const id = editorEdgeId(edgeFromHandles(source, attempt.sourceHandle, target, attempt.targetHandle));
  if (document.edges.some((edge) => edge.id === id)) return 'these ports are already connected';
  if (reaches(document, target, source)) return `"${target}" already leads to "${source}": a workflow has no cycles`;
  return undefined;
}

/** Whether `to` can be reached from `from` along the document's edges. */
function reaches(document: EditorDocument, from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const edge of document.edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}
