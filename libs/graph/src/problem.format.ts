import { formatPath } from './problem.path';
import type { ValidationProblem } from './validation.types';

/**
 * One line per problem, for the CLI and logs:
 * `node "clean": config.shell: expected one of powershell|pwsh|cmd|sh|bash`,
 * `edge any -[true]-> clean: port: ...`, `workflow: name: ...`.
 * The subject is the edge when there is one, else the node, else the workflow; the path
 * after it is relative to that subject and left out when empty.
 */
export function formatProblem(problem: ValidationProblem): string {
  const { subject, rest } = subjectOf(problem);
  const where = formatPath(rest);
  return where === '' ? `${subject}: ${problem.message}` : `${subject}: ${where}: ${problem.message}`;
}

function subjectOf(problem: ValidationProblem): { subject: string; rest: ValidationProblem['path'] } {
  const [section, index] = problem.path;
  const relative = typeof index === 'number' ? problem.path.slice(2) : problem.path;
  if (problem.edge !== undefined) {
    const arrow = problem.edge.port !== undefined ? `-[${problem.edge.port}]->` : '->';
    return { subject: `edge ${problem.edge.from} ${arrow} ${problem.edge.to}`, rest: section === 'edges' ? relative : problem.path };
  }
  if (problem.nodeId !== undefined) {
    return { subject: `node "${problem.nodeId}"`, rest: section === 'nodes' ? relative : problem.path };
  }
  return { subject: 'workflow', rest: problem.path };
}
