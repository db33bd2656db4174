import { formatProblem, validate } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { WorkflowDefinitionSchema, type WorkflowDefinition } from '@runtime-hub/protocol';

/**
 * Import and export of a definition as a JSON file: the same files `runtime-hub run FILE`
 * and `runtime-hub validate FILE` read.
 */

export type ImportResult = { readonly ok: true; readonly definition: WorkflowDefinition } | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Reads a definition from a file's text. A definition the schema accepts is loaded even if
 * the validator has more to say (an unknown port, a bad config): the editor then shows those
 * problems on the nodes, where they can be fixed.
 */
export function readDefinition(text: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const parsed = WorkflowDefinitionSchema.safeParse(json);
  if (parsed.success) return { ok: true, definition: parsed.data };
  return { ok: false, problems: validate(json, NODE_CATALOGUE).problems.map(formatProblem) };
}

export function definitionFileName(definition: WorkflowDefinition): string {
  return `${definition.name.replace(/[^A-Za-z0-9._-]+/g, '-') || 'workflow'}.workflow.json`;
}

/** Offers the definition as a download (a blob URL: nothing leaves the browser). */
export function downloadDefinition(definition: WorkflowDefinition): void {
  const blob = new Blob([`${JSON.stringify(definition, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = definitionFileName(definition);
  anchor.click();
  URL.revokeObjectURL(url);
}
