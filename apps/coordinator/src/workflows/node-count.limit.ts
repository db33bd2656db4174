import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../openapi/api-error';

/** Error code of a workflow definition with more nodes than RH_MAX_NODES_PER_RUN. */
export const TOO_MANY_NODES = 'TOO_MANY_NODES';

/**
 * Refuses a definition with more than `max` nodes before anything parses it: schema checks,
 * the graph and the start of a run all cost time in proportion to the nodes, on the event
 * loop that answers `/health` and heartbeats. Anything that is not an array of nodes is left
 * to the validator, which names it.
 */
export function checkNodeCount(definition: unknown, max: number, field = 'definition.nodes'): void {
  if (typeof definition !== 'object' || definition === null) return;
  const nodes = (definition as Record<string, unknown>)['nodes'];
  if (!Array.isArray(nodes) || nodes.length <= max) return;
  throw new ApiError(HttpStatus.BAD_REQUEST, TOO_MANY_NODES, `${field}: a workflow holds at most ${max} nodes (RH_MAX_NODES_PER_RUN); this one has ${nodes.length}`, {
    details: { field, limit: max, count: nodes.length },
  });
}
