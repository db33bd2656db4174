import { DEFAULT_INPUT_PORT, ERROR_PORT } from '@runtime-hub/protocol';
import type { InputPortDefinition, PortType } from '@runtime-hub/protocol';
import { edgeProblem } from './validate.problem';
import type { CheckContext, IndexedEdge, NodeFacts } from './validate.subject';
import type { ValidationProblem } from './validation.types';

/** The type the implicit `error` port carries. */
const ERROR_PORT_TYPE: PortType = 'error';

/**
 * Edges: both ends exist (EDGE_UNKNOWN_NODE), no edge is repeated (DUPLICATE_EDGE), `port`
 * is an output port of the source or `error` and `toPort` (default `in`) an input port of the
 * target (EDGE_UNKNOWN_PORT), and the target's input accepts what the source port carries
 * (PORT_TYPE_MISMATCH). Ports are checked only where they are known: the node type exists
 * and, for output ports, its config parsed.
 */
export function checkEdges(context: CheckContext): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const seen = new Map<string, number>();
  for (const entry of context.subject.edges) {
    const { edge } = entry;
    const fromKnown = context.subject.presentIds.has(edge.from);
    const toKnown = context.subject.presentIds.has(edge.to);
    if (!fromKnown) {
      problems.push(edgeProblem('EDGE_UNKNOWN_NODE', `the edge leaves from "${edge.from}", which is not a node of this workflow`, entry, toKnown ? edge.to : undefined, 'from'));
    }
    if (!toKnown) {
      problems.push(edgeProblem('EDGE_UNKNOWN_NODE', `the edge goes to "${edge.to}", which is not a node of this workflow`, entry, fromKnown ? edge.from : undefined, 'to'));
    }
    const key = JSON.stringify([edge.from, edge.port ?? null, edge.to, edge.toPort ?? DEFAULT_INPUT_PORT]);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push(edgeProblem('DUPLICATE_EDGE', `the same edge as edges[${earlier}]`, entry, edge.from));
      continue;
    }
    seen.set(key, entry.index);
    const source = context.facts.get(edge.from);
    const target = context.facts.get(edge.to);
    if (source !== undefined && target !== undefined) problems.push(...checkPorts(entry, source, target));
  }
  return problems;
}

function checkPorts(entry: IndexedEdge, source: NodeFacts, target: NodeFacts): ValidationProblem[] {
  const { edge } = entry;
  const problems: ValidationProblem[] = [];
  const sourceType = sourcePortType(edge.port, source);
  if (edge.port !== undefined && edge.port !== ERROR_PORT && source.outputPorts !== undefined && sourceType === undefined) {
    const names = [...source.outputPorts.map((port) => port.name), ERROR_PORT].join('|');
    problems.push(
      edgeProblem('EDGE_UNKNOWN_PORT', `node "${edge.from}" (${source.definition?.type}) has no output port "${edge.port}"; its ports are ${names}`, entry, edge.from, 'port'),
    );
  }
  if (target.definition === undefined) return problems;
  const toPort = edge.toPort ?? DEFAULT_INPUT_PORT;
  const input = target.definition.inputPorts.find((port: InputPortDefinition) => port.name === toPort);
  if (input === undefined) {
    const names = target.definition.inputPorts.map((port: InputPortDefinition) => port.name).join('|');
    const has = names === '' ? 'it takes no input' : `its input ports are ${names}`;
    const path = edge.toPort !== undefined ? ['toPort'] : [];
    problems.push(edgeProblem('EDGE_UNKNOWN_PORT', `node "${edge.to}" (${target.definition.type}) has no input port "${toPort}"; ${has}`, entry, edge.to, ...path));
    return problems;
  }
  if (sourceType !== undefined && !accepts(input, sourceType)) {
    const carrier = edge.port !== undefined ? `port "${edge.port}" of "${edge.from}"` : `the output of "${edge.from}"`;
    problems.push(
      edgeProblem(
        'PORT_TYPE_MISMATCH',
        `${carrier} carries ${sourceType}, but input "${input.name}" of "${edge.to}" (${target.definition.type}) accepts only ${input.accepts.join('|')}`,
        entry,
        edge.to,
      ),
    );
  }
  return problems;
}

/**
 * What an edge carries: the `error` port carries an error; a named port its own type; an edge
 * without port whatever the node emits on success (its ports' common type, else `any`).
 * Undefined when not known (unknown type, unparsed config) or the port does not exist.
 */
function sourcePortType(port: string | undefined, source: NodeFacts): PortType | undefined {
  if (port === ERROR_PORT) return ERROR_PORT_TYPE;
  const ports = source.outputPorts;
  if (ports === undefined) return undefined;
  if (port !== undefined) return ports.find((candidate) => candidate.name === port)?.type;
  const types = new Set(ports.map((candidate) => candidate.type));
  const [only] = types;
  return types.size === 1 && only !== undefined ? only : 'any';
}

function accepts(input: InputPortDefinition, type: PortType): boolean {
  return type === 'any' || input.accepts.includes('any') || input.accepts.includes(type);
}
