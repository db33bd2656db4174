import { setImmediate as nextTurn } from 'node:timers/promises';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { formatProblem, validateInTurns } from '@runtime-hub/graph';
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

  /**
   * The definition as validated, defaults filled; throws ApiError(VALIDATION_FAILED). In turns
   * (`validateInTurns`): a definition of 10,000 nodes checked in one go held the event loop
   * for 200 ms and more on a busy host.
   */
  async check(input: unknown): Promise<WorkflowDefinition> {
    checkNodeCount(input, this.config.nodes.maxPerRun, 'nodes');
    const { maxIterationsCap, yieldEveryNodes } = this.config.nodes;
    const result = await validateInTurns(input, NODE_CATALOGUE, () => nextTurn(), { maxIterationsCap, itemsPerStep: yieldEveryNodes });
    if (result.ok) return result.definition;
    const count = result.problems.length;
    const message = `the workflow definition has ${count} problem${count === 1 ? '' : 's'}: ${result.problems.map(formatProblem).join('; ')}`;
    throw new ApiError(HttpStatus.BAD_REQUEST, VALIDATION_FAILED, message, { problems: result.problems });
  }
}
