import { WorkflowDefinitionSchema, WorkflowEdgeSchema, WorkflowNodeSchema } from '@runtime-hub/protocol';
import type { NodeCatalogue, PortDefinition, NodeDefinition, WorkflowDefaults, WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@runtime-hub/protocol';
import type { ValidateOptions, ValidationProblem } from './validation.types';
import { WorkflowGraph } from './workflow-graph';

export interface IndexedNode {
  /** Position in the definition's `nodes`, for problem paths. */
  readonly index: number;
  readonly node: WorkflowNode;
}

export interface IndexedEdge {
  readonly index: number;
  readonly edge: WorkflowEdge;
}

/**
 * What the structural checks run on. For a definition that passed the schema: all of it.
 * For one that did not: the nodes and edges that pass the schema on their own, so those
 * checks that stay meaningful on a part can still report (see `complete`).
 */
export interface ValidationSubject {
  /** The whole definition passed the schema; checks that need all of it run only then. */
  readonly complete: boolean;
  readonly nodes: readonly IndexedNode[];
  readonly edges: readonly IndexedEdge[];
  /** Declared inputs; undefined when they failed the schema (input names are then unknown). */
  readonly inputs?: WorkflowDefinition['inputs'];
  readonly defaults?: WorkflowDefaults;
  /** The id of every node in the input, valid or not: an edge to one of them is not "unknown". */
  readonly presentIds: ReadonlySet<string>;
}

/** What the node checks learned about one node, for the checks after them. */
export interface NodeFacts {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each node type has its own Config
  readonly definition?: NodeDefinition<any>;
  /** Output ports, known only when the config parsed (a `switch` takes its ports from config). */
  readonly outputPorts?: readonly PortDefinition[];
}

/** Everything a check reads. Checks return problems and change nothing. */
export interface CheckContext {
  readonly subject: ValidationSubject;
  readonly catalogue: NodeCatalogue;
  readonly options: ValidateOptions;
  /** Nesting level of the definition being checked: 0 for a workflow, 1 for its sub-workflows... */
  readonly depth: number;
  /** The subject's graph: first node of each id, edges between known nodes. */
  readonly graph: WorkflowGraph;
  /** Definition index of the first node with each id. */
  readonly indexOf: ReadonlyMap<string, number>;
  readonly facts: ReadonlyMap<string, NodeFacts>;
  /** Validates an inline sub-workflow (the same validator, one level deeper). */
  readonly validateChild: (input: unknown) => readonly ValidationProblem[];
}

export function subjectOf(definition: WorkflowDefinition): ValidationSubject {
  return {
    complete: true,
    nodes: definition.nodes.map((node, index) => ({ index, node })),
    edges: definition.edges.map((edge, index) => ({ index, edge })),
    inputs: definition.inputs,
    defaults: definition.defaults,
    presentIds: new Set(definition.nodes.map((node) => node.id)),
  };
}

/** The parts of an input that failed the schema which pass it on their own. */
export function salvageSubject(input: unknown): ValidationSubject {
  const record = isRecord(input) ? input : {};
  const rawNodes = Array.isArray(record['nodes']) ? (record['nodes'] as unknown[]) : [];
  const rawEdges = Array.isArray(record['edges']) ? (record['edges'] as unknown[]) : [];
  const nodes: IndexedNode[] = [];
  const presentIds = new Set<string>();
  rawNodes.forEach((raw, index) => {
    if (isRecord(raw) && typeof raw['id'] === 'string') presentIds.add(raw['id']);
    const parsed = WorkflowNodeSchema.safeParse(raw);
    if (parsed.success) nodes.push({ index, node: parsed.data });
  });
  const edges: IndexedEdge[] = [];
  rawEdges.forEach((raw, index) => {
    const parsed = WorkflowEdgeSchema.safeParse(raw);
    if (parsed.success) edges.push({ index, edge: parsed.data });
  });
  const inputs = WorkflowDefinitionSchema.shape.inputs.safeParse(record['inputs']);
  const defaults = WorkflowDefinitionSchema.shape.defaults.safeParse(record['defaults']);
  return {
    complete: false,
    nodes,
    edges,
    ...(inputs.success ? { inputs: inputs.data } : {}),
    ...(defaults.success ? { defaults: defaults.data } : {}),
    presentIds,
  };
}

/** The graph of a subject: what WorkflowGraph.from needs, built from the parts that are there. */
export function graphOf(subject: ValidationSubject): WorkflowGraph {
  return WorkflowGraph.from({
    schemaVersion: 1,
    name: 'subject',
    inputs: subject.inputs ?? {},
    defaults: subject.defaults ?? {},
    nodes: subject.nodes.map((entry) => entry.node),
    edges: subject.edges.map((entry) => entry.edge),
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
