import { setImmediate as nextTurn } from 'node:timers/promises';
import { ISSUE_MESSAGES, parseInSteps, runStepsInTurns, type SteppedList, type SteppedParse } from '@runtime-hub/graph';
import { StartRunRequestSchema, WorkflowEdgeSchema, WorkflowNodeSchema, type StartRunRequest } from '@runtime-hub/protocol';

/** The long lists of a start request: an inline definition's nodes and edges. */
const START_REQUEST_LISTS: readonly SteppedList[] = [
  { path: ['definition', 'nodes'], item: WorkflowNodeSchema },
  { path: ['definition', 'edges'], item: WorkflowEdgeSchema },
];

/**
 * `StartRunRequestSchema.safeParse(body)`, with an inline definition's nodes and edges parsed
 * `itemsPerTurn` at a time and the event loop given back between (parseInSteps, libs/graph):
 * the schema parse of 10,000 nodes in one go held `/health` and agents' heartbeats for
 * 150-190 ms on a busy host. The outcome is the schema's own: the same data, or the same
 * issues (those of the lists after the others).
 */
export async function parseStartRequestInTurns(body: unknown, itemsPerTurn: number): Promise<SteppedParse<StartRunRequest>> {
  return runStepsInTurns(parseInSteps(StartRunRequestSchema, body, START_REQUEST_LISTS, itemsPerTurn, ISSUE_MESSAGES), () => nextTurn());
}
