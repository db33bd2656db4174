import { describeJsonataError, parseExpression } from './expression.parse';
import { findScopeReferences } from './expression.references';
import { TemplateError } from './template-error';

/** What templates and expressions see (docs/ARCHITECTURE.md: JSONata over `{ inputs, nodes, run }`). */
export interface ExpressionScope {
  inputs: Record<string, unknown>;
  nodes: Record<string, { output?: unknown; status?: string; port?: string }>;
  run: Record<string, unknown>;
}

/** Evaluates one JSONata expression over the scope; throws TemplateError when it cannot. */
export async function evaluateExpression(expression: string, scope: ExpressionScope): Promise<unknown> {
  return evaluateExpressionAt(expression, scope, []);
}

/**
 * As evaluateExpression, naming `path` (where the expression sits) in the error.
 *
 * Before evaluating, every `nodes.<id>` path is checked against the scope: JSONata would
 * quietly read a missing node as "nothing" (and `nodes.list.output.count > 0` as false),
 * which would take a branch on data that does not exist. A node absent from the scope, or
 * `nodes.<id>.output` of a node without output (skipped, failed), is an error instead. To
 * read an output that may legitimately be missing, write `$lookup(nodes.<id>, "output")`.
 */
export async function evaluateExpressionAt(
  expression: string,
  scope: ExpressionScope,
  path: ReadonlyArray<string | number>,
): Promise<unknown> {
  const parsed = parseExpression(expression);
  if (!parsed.ok) {
    const at = parsed.position !== undefined ? ` at position ${parsed.position}` : '';
    throw new TemplateError(`syntax error${at}: ${parsed.message}`, { expression, path });
  }
  for (const reference of findScopeReferences(parsed.expression.ast())) {
    if (reference.root !== 'nodes') continue;
    if (!Object.hasOwn(scope.nodes, reference.name)) {
      throw new TemplateError(`node "${reference.name}" is not in the scope (it is not upstream of this node)`, { expression, path });
    }
    const upstream = scope.nodes[reference.name];
    if (reference.field === 'output' && upstream?.output === undefined) {
      const status = upstream?.status !== undefined ? ` (status ${upstream.status})` : '';
      throw new TemplateError(`node "${reference.name}" has no output${status}`, { expression, path });
    }
  }
  let result: unknown;
  try {
    result = await parsed.expression.evaluate(scope);
  } catch (error) {
    const { message, position } = describeJsonataError(error);
    const at = position !== undefined ? ` at position ${position}` : '';
    throw new TemplateError(`evaluation failed${at}: ${message}`, { expression, path, cause: error });
  }
  // JSONata marks the arrays it builds as sequences with extra properties; hand back a plain one.
  return Array.isArray(result) ? Array.from(result as unknown[]) : result;
}
