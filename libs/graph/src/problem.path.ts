import type { ProblemPath } from './validation.types';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Renders a JSON path the way a reader writes it in JavaScript: `config.shell`,
 * `nodes[2].config`, `inputs["a-b"]`.
 */
export function formatPath(path: ProblemPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
