import type { WorkflowDefinition } from '@runtime-hub/protocol';

/** What a webhook call brings: its JSON body, headers (lower-case names) and query string. */
export interface HookRequestParts {
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query: Readonly<Record<string, unknown>>;
}

/**
 * A webhook call's run inputs, pure. With an input map, each input takes the value at its path
 * (`body.repository.name`, `body.commits.0.id`, `headers.x-github-event`, `query.env`); a path
 * that leads nowhere gives no value, so the input's default applies (or the run is refused
 * naming the required input). Without one, the body's fields that the workflow declares as
 * inputs, and nothing else: a webhook payload carries far more than a workflow takes.
 */
export function hookInputs(map: Readonly<Record<string, string>> | null, definition: WorkflowDefinition, parts: HookRequestParts): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  if (map === null) {
    if (isObject(parts.body)) {
      for (const name of Object.keys(definition.inputs)) if (name in parts.body) inputs[name] = parts.body[name];
    }
    return inputs;
  }
  for (const [name, path] of Object.entries(map)) {
    const value = valueAt(path, parts);
    if (value !== undefined) inputs[name] = value;
  }
  return inputs;
}

function valueAt(path: string, parts: HookRequestParts): unknown {
  const [root, ...rest] = path.split('.');
  if (root === 'headers') {
    const value = parts.headers[rest.join('.').toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }
  if (root === 'query') return parts.query[rest.join('.')];
  let current: unknown = parts.body;
  for (const key of rest) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (isObject(current) && Object.hasOwn(current, key)) current = current[key];
    else return undefined;
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
