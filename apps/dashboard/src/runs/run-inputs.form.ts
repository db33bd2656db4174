import type { InputType, WorkflowInput } from '@runtime-hub/protocol';

/**
 * The "run with inputs" form, from the inputs a workflow declares: one field per input with
 * its default filled in, and the texts parsed back into the `inputs` of StartRunRequest. An
 * empty optional field is left out, so the coordinator applies the default.
 */

export interface RunInputField {
  readonly name: string;
  readonly type: InputType;
  readonly required: boolean;
  readonly description?: string;
  /** The text the field starts with: the default, as the field shows it. */
  readonly initialText: string;
}

export function runInputFields(inputs: Readonly<Record<string, WorkflowInput>>): RunInputField[] {
  return Object.entries(inputs).map(([name, input]) => ({
    name,
    type: input.type,
    required: input.required === true && input.default === undefined,
    ...(input.description !== undefined ? { description: input.description } : {}),
    initialText: input.default === undefined ? (input.type === 'boolean' ? 'false' : '') : inputText(input.type, input.default),
  }));
}

function inputText(type: InputType, value: unknown): string {
  if (type === 'string' && typeof value === 'string') return value;
  if (type === 'object' || type === 'array') return JSON.stringify(value, null, 2);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export type ParsedRunInputs =
  | { readonly ok: true; readonly inputs: Record<string, unknown> }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

export function parseRunInputs(fields: readonly RunInputField[], texts: Readonly<Record<string, string>>): ParsedRunInputs {
  const inputs: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const text = texts[field.name] ?? field.initialText;
    if (text.trim() === '' && field.type !== 'string') {
      if (field.required) errors[field.name] = 'required';
      continue;
    }
    if (text === '' && field.type === 'string') {
      if (field.required) errors[field.name] = 'required';
      continue;
    }
    const parsed = parseInput(field.type, text);
    if (parsed.ok) inputs[field.name] = parsed.value;
    else errors[field.name] = parsed.error;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, inputs };
}

function parseInput(type: InputType, text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  switch (type) {
    case 'string':
      return { ok: true, value: text };
    case 'number': {
      const value = Number(text.trim());
      return Number.isFinite(value) ? { ok: true, value } : { ok: false, error: `"${text.trim()}" is not a number` };
    }
    case 'boolean':
      return text === 'true' || text === 'false' ? { ok: true, value: text === 'true' } : { ok: false, error: 'true or false' };
    case 'object':
    case 'array': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return { ok: false, error: `not valid JSON (${type} expected)` };
      }
      const isArray = Array.isArray(value);
      const isObject = typeof value === 'object' && value !== null && !isArray;
      if (type === 'array' ? !isArray : !isObject) return { ok: false, error: `${type === 'array' ? 'a JSON array' : 'a JSON object'} is expected` };
      return { ok: true, value };
    }
  }
}
