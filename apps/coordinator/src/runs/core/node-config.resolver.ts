import { ExpressionLimitError, type ExpressionSandbox } from '@runtime-hub/expressions';
import { formatPath, TemplateError, type ExpressionScope } from '@runtime-hub/graph';
import type { NodeDefinition, RunError, WorkflowNode } from '@runtime-hub/protocol';
import { runError } from './run-errors';

export type ResolvedConfig =
  | { readonly ok: true; readonly config: Record<string, unknown>; readonly parsed: unknown }
  | { readonly ok: false; readonly error: RunError };

/** Issues of a refused config named in the node's error message; details carry them all. */
const CONFIG_ISSUES_IN_MESSAGE = 5;

/**
 * A node's config as its task carries it: `{{ }}` templates resolved against the run's scope,
 * then checked against the node type's config schema (the validator could not check a value
 * that was a template). Fields in `keep` are left as written: an inline sub-workflow's
 * templates belong to the child run, and a `repeat`'s `until` is evaluated per iteration.
 *
 * - a template that fails -> TEMPLATE_ERROR naming the expression and where it is;
 * - a template that breaks a sandbox limit -> EXPRESSION_LIMIT naming the limit and the field;
 * - a resolved config the schema refuses -> CONFIG_INVALID naming each path.
 * Neither is retryable: the same upstream outputs give the same config.
 */
export async function resolveNodeConfig(
  expressions: ExpressionSandbox,
  node: WorkflowNode,
  definition: NodeDefinition,
  /** The scope, or what builds it: built only when the config holds a template. */
  scope: ExpressionScope | (() => ExpressionScope),
  keep: readonly string[] = [],
): Promise<ResolvedConfig> {
  const toResolve: Record<string, unknown> = {};
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node.config)) {
    if (keep.includes(key)) kept[key] = value;
    else toResolve[key] = value;
  }

  let resolved: Record<string, unknown>;
  try {
    // Wrapped, so that an error's path reads `config.script` rather than `script`.
    resolved = (await expressions.resolveTemplates({ config: toResolve }, scope)).config;
  } catch (error) {
    if (error instanceof ExpressionLimitError) return { ok: false, error: expressionLimitError(node.id, error) };
    if (!(error instanceof TemplateError)) throw error;
    return {
      ok: false,
      error: runError('TEMPLATE_ERROR', error.message, {
        nodeId: node.id,
        details: { expression: error.expression, path: formatPath(error.path) },
      }),
    };
  }

  const config = { ...resolved, ...kept };
  const parsed = definition.configSchema.safeParse(config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: ['config', ...issue.path.map(String)].join('.'), message: issue.message }));
    const named = issues.slice(0, CONFIG_ISSUES_IN_MESSAGE).map((issue) => `${issue.path}: ${issue.message}`);
    const more = issues.length > CONFIG_ISSUES_IN_MESSAGE ? ` (and ${issues.length - CONFIG_ISSUES_IN_MESSAGE} more)` : '';
    return {
      ok: false,
      error: runError('CONFIG_INVALID', `the resolved config does not fit ${node.type}: ${named.join('; ')}${more}`, {
        nodeId: node.id,
        details: { issues },
      }),
    };
  }
  return { ok: true, config, parsed: parsed.data };
}

/** The run error of a template or expression that broke a limit of the sandbox. */
export function expressionLimitError(nodeId: string, error: ExpressionLimitError): RunError {
  return runError('EXPRESSION_LIMIT', error.message, {
    nodeId,
    details: { limit: error.limit, figure: error.figure, expression: error.expression, path: formatPath(error.path) },
  });
}
