import type { ScopeReference } from './expression.references';
import type { CheckContext, IndexedNode } from './validate.subject';
import type { ProblemPath, ValidationProblem } from './validation.types';

/**
 * The scope paths of one expression: `inputs.<name>` must be a declared input
 * (UNDECLARED_INPUT); `nodes.<id>` must be a node upstream of the node that holds the
 * expression (UNKNOWN_NODE_REFERENCE), since only those have settled when it runs. When the
 * `secrets.<name>` read by an expression is refused (TEMPLATE_SYNTAX): a template that is exactly
 * `{{ secrets.NAME }}` never gets here. When the
 * definition failed the schema its edges may be incomplete, so only existence is checked
 * then; input names are checked only when the inputs themselves passed the schema.
 */
export function checkReferences(
  references: readonly ScopeReference[],
  entry: IndexedNode,
  path: ProblemPath,
  context: CheckContext,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const reported = new Set<string>();
  const id = entry.node.id;
  const problem = (code: ValidationProblem['code'], message: string): void => {
    problems.push({ code, message, nodeId: id, path });
  };
  for (const reference of references) {
    const key = `${reference.root}.${reference.name}`;
    if (reported.has(key)) continue;
    reported.add(key);
    if (reference.root === 'secrets') {
      problem(
        'TEMPLATE_SYNTAX',
        `secrets.${reference.name} can only stand alone in a template, "{{ secrets.${reference.name} }}": a secret's value is put in when the task reaches its agent and no expression can read it`,
      );
      continue;
    }
    if (reference.root === 'inputs') {
      const inputs = context.subject.inputs;
      if (inputs === undefined || Object.hasOwn(inputs, reference.name)) continue;
      const declared = Object.keys(inputs);
      const known = declared.length > 0 ? `declared inputs: ${declared.join(', ')}` : 'the workflow declares no inputs';
      problem('UNDECLARED_INPUT', `inputs.${reference.name} is not a declared input (${known})`);
      continue;
    }
    if (!context.subject.presentIds.has(reference.name)) {
      problem('UNKNOWN_NODE_REFERENCE', `nodes.${reference.name}: there is no node "${reference.name}"`);
    } else if (reference.name === id) {
      problem('UNKNOWN_NODE_REFERENCE', `nodes.${reference.name}: a node cannot read its own state`);
    } else if (context.subject.complete && !context.graph.upstreamOf(id).has(reference.name)) {
      problem('UNKNOWN_NODE_REFERENCE', `nodes.${reference.name}: node "${reference.name}" is not upstream of this node, so it may not have run yet`);
    }
  }
  return problems;
}
