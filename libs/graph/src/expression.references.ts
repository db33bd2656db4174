/**
 * The roots of the expression scope whose names the validator checks. `secrets` is not in any
 * scope: an expression that reads it is refused (only `{{ secrets.NAME }}` alone is allowed).
 */
export type ScopeRoot = 'inputs' | 'nodes' | 'secrets';

/** One `inputs.<name>`, `nodes.<id>` or `secrets.<name>` path in an expression. */
export interface ScopeReference {
  readonly root: ScopeRoot;
  /** The input name or node id. */
  readonly name: string;
  /** The step after the name, when it is a plain name (`output`, `status`, `port`). */
  readonly field?: string;
  /** JSONata's position of the name in the expression. */
  readonly position?: number;
}

type AstNode = Record<string, unknown>;

interface Pending {
  readonly node: unknown;
  /** Is the context of this node the scope itself (rather than some value inside it)? */
  readonly atScope: boolean;
}

/**
 * AST keys whose expressions are evaluated against some value inside the scope (a filter's
 * items, a sort's items, the object a transform copies), so `inputs.x` there is relative.
 */
const RELATIVE_CONTEXT_KEYS = new Set(['stages', 'predicate', 'group', 'terms', 'pattern', 'update', 'delete']);

/**
 * Finds the scope paths of a parsed JSONata expression (`jsonata(expr).ast()`): paths that
 * start at the scope (`inputs.dir`, `nodes.list.output.count`, `$$.nodes.list`) anywhere the
 * context is still the scope, that is everywhere except inside a path's later steps,
 * filters, sorts, groups and transforms. Paths reached through a variable
 * (`$n := nodes; $n.list`) are not followed. Iterative, so the AST depth does not matter.
 */
export function findScopeReferences(ast: unknown): ScopeReference[] {
  const references: ScopeReference[] = [];
  const pending: Pending[] = [{ node: ast, atScope: true }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { node, atScope } = next;
    if (Array.isArray(node)) {
      for (const child of node) pending.push({ node: child, atScope });
      continue;
    }
    if (!isAstNode(node)) continue;
    const steps = node['steps'];
    if (node['type'] === 'path' && Array.isArray(steps)) {
      const reference = referenceOf(steps, atScope);
      if (reference !== undefined) references.push(reference);
      steps.forEach((step, index) => pending.push({ node: step, atScope: atScope && index === 0 }));
      for (const [key, child] of Object.entries(node)) {
        if (key !== 'steps') pending.push({ node: child, atScope: atScope && !RELATIVE_CONTEXT_KEYS.has(key) });
      }
      continue;
    }
    for (const [key, child] of Object.entries(node)) {
      if (typeof child === 'object' && child !== null) {
        pending.push({ node: child, atScope: atScope && !RELATIVE_CONTEXT_KEYS.has(key) });
      }
    }
  }
  return references.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
}

function referenceOf(steps: readonly unknown[], atScope: boolean): ScopeReference | undefined {
  let first = 0;
  const head = steps[0];
  if (isAstNode(head) && head['type'] === 'variable') {
    // `$$` (variable named `$`) is always the scope; `$` is the scope only where the context is.
    const isScope = head['value'] === '$' || (head['value'] === '' && atScope);
    if (!isScope) return undefined;
    first = 1;
  } else if (!atScope) {
    return undefined;
  }
  const root = nameOf(steps[first]);
  const name = nameOf(steps[first + 1]);
  if ((root !== 'inputs' && root !== 'nodes' && root !== 'secrets') || name === undefined) return undefined;
  const field = nameOf(steps[first + 2]);
  const nameStep = steps[first + 1] as AstNode;
  const position = typeof nameStep['position'] === 'number' ? nameStep['position'] : undefined;
  return {
    root,
    name,
    ...(field !== undefined ? { field } : {}),
    ...(position !== undefined ? { position } : {}),
  };
}

/** The name of a plain name step (`output`, `` `odd name` ``), else undefined. */
function nameOf(step: unknown): string | undefined {
  if (!isAstNode(step) || step['type'] !== 'name' || typeof step['value'] !== 'string') return undefined;
  return step['value'];
}

function isAstNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
