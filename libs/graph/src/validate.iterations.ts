import { nodeProblem } from './validate.problem';
import type { CheckContext } from './validate.subject';
import type { ValidationProblem } from './validation.types';
import { hasTemplate } from './template.scan';

/**
 * A repeating node (`repeats: true`: `foreach`, `repeat`) needs `config.maxIterations`, a
 * whole number written in the definition, at least 1 (MISSING_MAX_ITERATIONS) and at most
 * the cap (MAX_ITERATIONS_ABOVE_CAP). A template is refused here: the bound is what makes a
 * loop safe, so it is checked before the run, not computed during it.
 */
export function checkIterations(context: CheckContext): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const cap = context.options.maxIterationsCap;
  for (const entry of context.subject.nodes) {
    if (context.catalogue.get(entry.node.type)?.repeats !== true) continue;
    const value = Object.hasOwn(entry.node.config, 'maxIterations') ? entry.node.config['maxIterations'] : undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1) {
      if (value > cap) {
        problems.push(nodeProblem('MAX_ITERATIONS_ABOVE_CAP', `${value} is above the cap of ${cap} iterations`, entry, 'config', 'maxIterations'));
      }
      continue;
    }
    const message =
      value === undefined
        ? `a repeating node needs config.maxIterations, a whole number from 1 to ${cap}`
        : typeof value === 'string' && hasTemplate(value)
          ? `maxIterations must be a number written in the definition (from 1 to ${cap}), not a template`
          : `maxIterations must be a whole number from 1 to ${cap}, not ${describe(value)}`;
    problems.push(nodeProblem('MISSING_MAX_ITERATIONS', message, entry, 'config', 'maxIterations'));
  }
  return problems;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : (value === null ? 'null' : typeof value);
}
