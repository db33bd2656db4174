import type { ExpressionScope } from '@runtime-hub/graph';

/**
 * The scope a batch of expressions is sent with: `nodes` holds only the nodes whose id the
 * expressions name as a whole name (`nodes.list.output` names `list`, `listing` does not),
 * so what crosses to the sandbox is what the expressions can read, however large the run's
 * other outputs. The same rule picks the upstream nodes a task carries to an agent. Every
 * other root (`inputs`, `run`, a repeat's `iteration` and `last`) goes as it is.
 */
export function narrowScope(scope: ExpressionScope, expressions: readonly string[]): ExpressionScope {
  const text = expressions.join('\n');
  const nodes: ExpressionScope['nodes'] = {};
  for (const [id, node] of Object.entries(scope.nodes)) {
    if (namesWhole(text, id)) nodes[id] = node;
  }
  return { ...scope, nodes };
}

/** Does `name` occur in `text` with no name character right before or after it? */
function namesWhole(text: string, name: string): boolean {
  if (name === '') return false;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!isNameChar(text.charAt(at - 1)) && !isNameChar(text.charAt(at + name.length))) return true;
  }
  return false;
}

function isNameChar(char: string): boolean {
  return char !== '' && /[A-Za-z0-9_$]/.test(char);
}
