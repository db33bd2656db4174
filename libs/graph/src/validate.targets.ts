import type { Target } from '@runtime-hub/protocol';
import type { CheckContext } from './validate.subject';
import { hasTemplate } from './template.scan';
import type { ProblemPath, ValidationProblem } from './validation.types';

/**
 * Targets (on a node, or in `defaults`) that can never match an agent (TARGET_NEVER_MATCHES):
 * an empty label list, a blank agent, or `minSuccess` on a target that does not fan out.
 * Targets are static, resolved by the dispatcher before anything runs: a template in one is
 * refused (TEMPLATE_SYNTAX).
 */
export function checkTargets(context: CheckContext): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const defaultsTarget = context.subject.defaults?.target;
  if (defaultsTarget !== undefined) problems.push(...checkTarget(defaultsTarget, ['defaults', 'target'], undefined));
  for (const entry of context.subject.nodes) {
    if (entry.node.target === undefined) continue;
    problems.push(...checkTarget(entry.node.target, ['nodes', entry.index, 'target'], entry.node.id));
  }
  return problems;
}

function checkTarget(target: Target, path: ProblemPath, nodeId: string | undefined): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const about = nodeId !== undefined ? { nodeId } : {};
  const problem = (code: ValidationProblem['code'], message: string, ...rest: string[]): void => {
    problems.push({ code, message, ...about, path: [...path, ...rest] });
  };
  if ('agent' in target) {
    if (target.agent.trim() === '') problem('TARGET_NEVER_MATCHES', 'an empty agent name matches no agent', 'agent');
    if (hasTemplate(target.agent)) problem('TEMPLATE_SYNTAX', 'targets are static: templates are not allowed in target.agent', 'agent');
    return problems;
  }
  if (target.labels.length === 0) {
    problem('TARGET_NEVER_MATCHES', 'an empty label list matches no agent: list at least one label, or leave target out', 'labels');
  }
  target.labels.forEach((label, index) => {
    if (hasTemplate(label)) problems.push({ code: 'TEMPLATE_SYNTAX', message: 'targets are static: templates are not allowed in target.labels', ...about, path: [...path, 'labels', index] });
  });
  if (target.minSuccess !== undefined && target.each !== true) {
    problem('TARGET_NEVER_MATCHES', 'minSuccess applies only to a fan-out target (each: true)', 'minSuccess');
  }
  return problems;
}
