import type { ExpressionScope } from './expression-scope';
import { findScopeReferences } from './expression.references';

/**
 * Why a parsed expression (`jsonata(expr).ast()`) cannot be evaluated over `scope`, or
 * undefined when it can. Every `nodes.<id>` path is checked against the scope: JSONata would
 * quietly read a missing node as "nothing" (and `nodes.list.output.count > 0` as false),
 * which would take a branch on data that does not exist. A node absent from the scope, or
 * `nodes.<id>.output` of a node without output (skipped, failed), is refused instead. To read
 * an output that may legitimately be missing, write `$lookup(nodes.<id>, "output")`.
 */
export function scopeReferenceProblem(ast: unknown, scope: Pick<ExpressionScope, 'nodes'>): string | undefined {
  for (const reference of findScopeReferences(ast)) {
    if (reference.root !== 'nodes') continue;
    if (!Object.hasOwn(scope.nodes, reference.name)) {
      return `node "${reference.name}" is not in the scope (it is not upstream of this node)`;
    }
    const upstream = scope.nodes[reference.name];
    if (reference.field === 'output' && upstream?.output === undefined) {
      const status = upstream?.status !== undefined ? ` (status ${upstream.status})` : '';
      return `node "${reference.name}" has no output${status}`;
    }
  }
  return undefined;
}
