import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { formatProblem, validate } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { ApiError } from '../openapi/api-error';
import { checkNodeCount } from './node-count.limit';

/** Error code of a workflow definition the graph validator refused. */
export const VALIDATION_FAILED = 'VALIDATION_FAILED';

/**
 * Nothing is stored that does not validate against the node catalogue (libs/graph): an
 * invalid definition is a 400 VALIDATION_FAILED listing every problem, each naming its
 * node or edge.
 */
@Injectable()
export class WorkflowValidator {
  constructor(@Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig) {}

  /** The definition as validated, defaults filled; throws ApiError(VALIDATION_FAILED). */
  check(input: unknown): WorkflowDefinition {
    checkNodeCount(input, this.config.nodes.maxPerRun, 'nodes');
    const result = validate(input, NODE_CATALOGUE, { maxIterationsCap: this.config.nodes.maxIterationsCap });
    if (result.ok) return result.definition;
    const count = result.problems.length;
    const message = `the workflow definition has ${count} problem${count === 1 ? '' : 's'}: ${result.problems.map(formatProblem).join('; ')}`;
    throw new ApiError(HttpStatus.BAD_REQUEST, VALIDATION_FAILED, message, { problems: result.problems });
  }
}
