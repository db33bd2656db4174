import type { WorkflowDefinition } from '@runtime-hub/protocol';
import type { WorkflowGraph } from './workflow-graph';

/** What is wrong, sorted by kind. libs/graph/README.md describes each code. */
export type ProblemCode =
  | 'INVALID_DEFINITION'
  | 'DUPLICATE_NODE_ID'
  | 'UNKNOWN_NODE_TYPE'
  | 'INVALID_CONFIG'
  | 'EDGE_UNKNOWN_NODE'
  | 'EDGE_UNKNOWN_PORT'
  | 'DUPLICATE_EDGE'
  | 'CYCLE'
  | 'UNREACHABLE_NODE'
  | 'PORT_TYPE_MISMATCH'
  | 'MISSING_MAX_ITERATIONS'
  | 'MAX_ITERATIONS_ABOVE_CAP'
  | 'TEMPLATE_SYNTAX'
  | 'EXPRESSION_SYNTAX'
  | 'UNDECLARED_INPUT'
  | 'UNKNOWN_NODE_REFERENCE'
  | 'TARGET_NEVER_MATCHES';

export const PROBLEM_CODES: readonly ProblemCode[] = [
  'INVALID_DEFINITION',
  'DUPLICATE_NODE_ID',
  'UNKNOWN_NODE_TYPE',
  'INVALID_CONFIG',
  'EDGE_UNKNOWN_NODE',
  'EDGE_UNKNOWN_PORT',
  'DUPLICATE_EDGE',
  'CYCLE',
  'UNREACHABLE_NODE',
  'PORT_TYPE_MISMATCH',
  'MISSING_MAX_ITERATIONS',
  'MAX_ITERATIONS_ABOVE_CAP',
  'TEMPLATE_SYNTAX',
  'EXPRESSION_SYNTAX',
  'UNDECLARED_INPUT',
  'UNKNOWN_NODE_REFERENCE',
  'TARGET_NEVER_MATCHES',
];

export type ProblemPath = ReadonlyArray<string | number>;

export interface ProblemEdge {
  readonly from: string;
  readonly to: string;
  readonly port?: string;
}

export interface ValidationProblem {
  readonly code: ProblemCode;
  /** A human sentence, without the path or subject (formatProblem adds those). */
  readonly message: string;
  /** The node the problem is about, whenever there is one. */
  readonly nodeId?: string;
  /** The edge the problem is about, whenever there is one. */
  readonly edge?: ProblemEdge;
  /** JSON path in the definition, e.g. `['nodes', 2, 'config', 'shell']`. */
  readonly path: ProblemPath;
}

export type ValidationResult =
  | { ok: true; definition: WorkflowDefinition; graph: WorkflowGraph; problems: [] }
  | { ok: false; problems: ValidationProblem[] };

export interface ValidateOptions {
  /** Highest `config.maxIterations` a repeating node may ask for. */
  maxIterationsCap: number;
  /** Nodes (or edges) the schema and node checks take per step of `validateInTurns`. */
  itemsPerStep: number;
}
