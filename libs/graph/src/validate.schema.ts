import { WorkflowDefinitionSchema, WorkflowEdgeSchema, WorkflowNodeSchema } from '@runtime-hub/protocol';
import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { parseInSteps, type SteppedList, type SteppedParse } from './parse-in-steps';
import { problemEdge } from './validate.problem';
import { isRecord } from './validate.subject';
import { flattenIssues, ISSUE_MESSAGES, valueAt } from './validate.zod-issues';
import type { FlatIssue } from './validate.zod-issues';
import type { ValidationProblem } from './validation.types';

/** The long lists of a definition. */
const DEFINITION_LISTS: readonly SteppedList[] = [
  { path: ['nodes'], item: WorkflowNodeSchema },
  { path: ['edges'], item: WorkflowEdgeSchema },
];

export type SchemaCheck =
  | { readonly ok: true; readonly definition: WorkflowDefinition }
  | { readonly ok: false; readonly problems: ValidationProblem[] };

/**
 * Step 1 of validation: the definition against WorkflowDefinitionSchema. Every zod issue
 * becomes an INVALID_DEFINITION problem at the issue's path, naming the node (or edge) it is
 * under when that node has a string id. An empty `target.agent`, which the schema refuses, is
 * reported as TARGET_NEVER_MATCHES: that is what it means to the author. The nodes and edges
 * are parsed `itemsPerStep` at a time, yielding between (parse-in-steps.ts).
 */
export function* checkSchema(input: unknown, itemsPerStep: number): Generator<void, SchemaCheck> {
  let parsed: SteppedParse<WorkflowDefinition>;
  try {
    parsed = yield* parseInSteps(WorkflowDefinitionSchema, input, DEFINITION_LISTS, itemsPerStep, ISSUE_MESSAGES);
  } catch (error) {
    // zod does not throw on data; a getter or proxy in a hand-built input might.
    return { ok: false, problems: [{ code: 'INVALID_DEFINITION', message: `unreadable definition: ${String(error)}`, path: [] }] };
  }
  if (parsed.success) return { ok: true, definition: parsed.data };
  return { ok: false, problems: flattenIssues(parsed.issues).map((issue) => toProblem(issue, input)) };
}

function toProblem(issue: FlatIssue, input: unknown): ValidationProblem {
  const [section, index] = issue.path;
  const owner = typeof index === 'number' ? valueAt(input, [section ?? '', index]) : undefined;
  const subject: Pick<ValidationProblem, 'nodeId' | 'edge'> =
    section === 'nodes' && isRecord(owner) && typeof owner['id'] === 'string'
      ? { nodeId: owner['id'] }
      : section === 'edges' && isRecord(owner) && typeof owner['from'] === 'string' && typeof owner['to'] === 'string'
        ? { edge: problemEdge({ from: owner['from'], to: owner['to'], ...(typeof owner['port'] === 'string' ? { port: owner['port'] } : {}) }) }
        : {};
  if (isEmptyAgent(issue, input)) {
    return { code: 'TARGET_NEVER_MATCHES', message: 'an empty agent name matches no agent', ...subject, path: issue.path };
  }
  return { code: 'INVALID_DEFINITION', message: issue.message, ...subject, path: issue.path };
}

function isEmptyAgent(issue: FlatIssue, input: unknown): boolean {
  const length = issue.path.length;
  if (length < 2 || issue.path[length - 1] !== 'agent' || issue.path[length - 2] !== 'target') return false;
  const agent = valueAt(input, issue.path);
  return typeof agent === 'string' && agent.trim() === '';
}
