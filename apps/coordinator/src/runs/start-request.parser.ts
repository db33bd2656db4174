import { setImmediate as nextTurn } from 'node:timers/promises';
import type { z } from 'zod';
import { ISSUE_MESSAGES } from '@runtime-hub/graph';
import { StartRunRequestSchema, WorkflowEdgeSchema, WorkflowNodeSchema, type StartRunRequest } from '@runtime-hub/protocol';

export type StartRequestParse = { readonly success: true; readonly data: StartRunRequest } | { readonly success: false; readonly issues: z.core.$ZodIssue[] };

/**
 * `StartRunRequestSchema.safeParse(body)`, with an inline definition's nodes and edges parsed
 * `itemsPerTurn` at a time and the event loop given back between: the schema parse of 10,000
 * nodes in one go held `/health` and agents' heartbeats for 150-190 ms on a busy host.
 *
 * 1. The request with only the first node and the first edge: every field but the lists,
 *    and the lists' own rules (`nodes` not empty), checked by the schema itself.
 * 2. The other nodes, then the other edges, each by its item schema, a chunk per turn; an
 *    issue's path is the one the whole parse gives it (`definition.nodes.7.id`).
 * 3. The parsed items put back in order.
 *
 * The outcome is the schema's own: the same data, or the same issues (issues of the lists come
 * after the other fields' issues). The definition's schema has no rule across its items (the
 * graph validator checks those); were one added to it, step 1 would not apply it to them.
 */
export async function parseStartRequestInTurns(body: unknown, itemsPerTurn: number): Promise<StartRequestParse> {
  const definition = isRecord(body) ? body['definition'] : undefined;
  if (!isRecord(body) || !isRecord(definition) || !Array.isArray(definition['nodes'])) return settle(StartRunRequestSchema.safeParse(body, ISSUE_MESSAGES));
  const nodes: unknown[] = definition['nodes'];
  const edges = definition['edges'];

  // 1. everything but the lists' other items
  const head = StartRunRequestSchema.safeParse(
    { ...body, definition: { ...definition, nodes: nodes.slice(0, 1), ...(Array.isArray(edges) ? { edges: edges.slice(0, 1) } : {}) } },
    ISSUE_MESSAGES,
  );
  const issues: z.core.$ZodIssue[] = head.success ? [] : [...head.error.issues];

  // 2. the other items, in turns
  const parsedNodes = await parseItems(WorkflowNodeSchema, nodes, 'nodes', itemsPerTurn, issues);
  const parsedEdges = Array.isArray(edges) ? await parseItems(WorkflowEdgeSchema, edges, 'edges', itemsPerTurn, issues) : [];
  if (!head.success || issues.length > 0) return { success: false, issues };

  // 3. the parsed request with every item
  const parsed = head.data.definition;
  if (!parsed) return { success: true, data: head.data };
  return {
    success: true,
    data: { ...head.data, definition: { ...parsed, nodes: [...parsed.nodes, ...parsedNodes], edges: [...parsed.edges, ...parsedEdges] } },
  };
}

/** Items 1.. of a list (item 0 went with the head), `itemsPerTurn` per turn; issues pathed as in the whole parse. */
async function parseItems<Schema extends z.ZodType>(
  schema: Schema,
  items: readonly unknown[],
  list: 'nodes' | 'edges',
  itemsPerTurn: number,
  issues: z.core.$ZodIssue[],
): Promise<z.output<Schema>[]> {
  const parsed: z.output<Schema>[] = [];
  for (let index = 1; index < items.length; index += 1) {
    if ((index - 1) % itemsPerTurn === 0) await nextTurn();
    const item = schema.safeParse(items[index], ISSUE_MESSAGES);
    if (item.success) parsed.push(item.data);
    else for (const issue of item.error.issues) issues.push({ ...issue, path: ['definition', list, index, ...issue.path] });
  }
  return parsed;
}

function settle(parsed: z.ZodSafeParseResult<StartRunRequest>): StartRequestParse {
  return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: parsed.error.issues };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
