import { nodeProblem } from './validate.problem';
import type { CheckContext } from './validate.subject';
import { isRecord } from './validate.subject';
import { MAX_SUB_WORKFLOW_DEPTH } from './limits';
import type { ValidationProblem } from './validation.types';

/**
 * A node type with `subWorkflowField` (`workflow.call`, `foreach`, `repeat`) may hold an
 * inline workflow in that config field. It is validated as a workflow of its own, with the
 * same catalogue and options. Its problems keep their code, are placed under the outer node
 * (nodeId and path), and say in their message which inner node or edge they are about.
 */
export function checkSubWorkflows(context: CheckContext): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const entry of context.subject.nodes) {
    const field = context.catalogue.get(entry.node.type)?.subWorkflowField;
    if (field === undefined || !Object.hasOwn(entry.node.config, field)) continue;
    const inline = entry.node.config[field];
    if (!isRecord(inline)) continue;
    if (context.depth + 1 > MAX_SUB_WORKFLOW_DEPTH) {
      problems.push(nodeProblem('INVALID_CONFIG', `sub-workflows nest more than ${MAX_SUB_WORKFLOW_DEPTH} levels deep`, entry, 'config', field));
      continue;
    }
    for (const inner of context.validateChild(inline)) {
      problems.push({
        code: inner.code,
        message: `in ${innerSubject(inner)}: ${inner.message}`,
        nodeId: entry.node.id,
        path: ['nodes', entry.index, 'config', field, ...inner.path],
      });
    }
  }
  return problems;
}

function innerSubject(problem: ValidationProblem): string {
  if (problem.edge !== undefined) {
    const port = problem.edge.port !== undefined ? `-[${problem.edge.port}]->` : '->';
    return `sub-workflow edge ${problem.edge.from} ${port} ${problem.edge.to}`;
  }
  return problem.nodeId !== undefined ? `sub-workflow node "${problem.nodeId}"` : 'the sub-workflow';
}
