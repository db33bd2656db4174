import { formatPath, formatProblem, type ValidationProblem } from '@runtime-hub/graph';
import type { WorkflowEdge } from '@runtime-hub/protocol';

/**
 * The validator's problems sorted by where the editor shows them: on the node they concern
 * (red border and the message under it), on an edge, or in the workflow's problem list.
 * A problem about an edge that names a node shows on both.
 */
export interface EditorProblems {
  /** Node id -> messages, each without the `node "<id>"` subject (the node shows it). */
  readonly byNode: ReadonlyMap<string, readonly string[]>;
  /** `problemEdgeKey` -> messages. */
  readonly byEdge: ReadonlyMap<string, readonly string[]>;
  /** Problems about the workflow itself (name, inputs, defaults), fully formatted. */
  readonly workflow: readonly string[];
  /** Every problem, formatted as the CLI prints it, in the validator's order. */
  readonly all: readonly string[];
  /**
   * What does not stop a save but would stop a run (no known agent can take the node, or the
   * coordinator refused the run for it): node id -> messages, and every one formatted.
   */
  readonly warningsByNode: ReadonlyMap<string, readonly string[]>;
  readonly warnings: readonly string[];
}

export const NO_PROBLEMS: EditorProblems = { byNode: new Map(), byEdge: new Map(), workflow: [], all: [], warningsByNode: new Map(), warnings: [] };

/** A warning about one node, its message without the node subject. */
export interface NodeWarning {
  readonly nodeId: string;
  readonly message: string;
}

export function sortProblems(problems: readonly ValidationProblem[], warnings: readonly NodeWarning[] = []): EditorProblems {
  const byNode = new Map<string, string[]>();
  const byEdge = new Map<string, string[]>();
  const workflow: string[] = [];
  const add = (map: Map<string, string[]>, key: string, message: string) => map.set(key, [...(map.get(key) ?? []), message]);
  for (const problem of problems) {
    if (problem.edge !== undefined) add(byEdge, problemEdgeKey(problem.edge), relativeMessage(problem, 'edges'));
    if (problem.nodeId !== undefined) add(byNode, problem.nodeId, relativeMessage(problem, problem.edge !== undefined ? 'edges' : 'nodes'));
    if (problem.edge === undefined && problem.nodeId === undefined) workflow.push(formatProblem(problem));
  }
  const warningsByNode = new Map<string, string[]>();
  for (const warning of warnings) add(warningsByNode, warning.nodeId, warning.message);
  return { byNode, byEdge, workflow, all: problems.map(formatProblem), warningsByNode, warnings: warnings.map((warning) => `node "${warning.nodeId}": ${warning.message}`) };
}

/**
 * The problems a refused run request names (`{ nodeId, message }`, the message starting with
 * the node subject as the coordinator words it), as warnings on their nodes.
 */
export function refusalWarnings(problems: readonly { readonly nodeId?: string | undefined; readonly message: string }[]): NodeWarning[] {
  return problems.flatMap((problem) => (problem.nodeId === undefined ? [] : [{ nodeId: problem.nodeId, message: problem.message.replace(`node "${problem.nodeId}": `, '') }]));
}

/** Edges are matched on their ends and source port: that is what a problem names. */
export function problemEdgeKey(edge: Pick<WorkflowEdge, 'from' | 'port' | 'to'>): string {
  return JSON.stringify([edge.from, edge.port ?? null, edge.to]);
}

/** The message with the path inside its subject (`config.expression: ...`), when there is one. */
function relativeMessage(problem: ValidationProblem, section: 'nodes' | 'edges'): string {
  const [first, index] = problem.path;
  const rest = first === section && typeof index === 'number' ? problem.path.slice(2) : problem.path;
  const where = formatPath(rest);
  return where === '' ? problem.message : `${where}: ${problem.message}`;
}
