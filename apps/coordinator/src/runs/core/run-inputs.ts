import type { WorkflowDefinition, WorkflowInput } from '@runtime-hub/protocol';

export interface InputProblem {
  readonly input: string;
  readonly message: string;
}

export type ResolvedInputs = { ok: true; inputs: Record<string, unknown> } | { ok: false; problems: InputProblem[] };

function typeOf(value: unknown): WorkflowInput['type'] | 'null' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object';
}

/**
 * Checks a run's inputs against the workflow's declared inputs and fills defaults. Every
 * problem is reported at once; an input the workflow does not declare is refused, so a typo
 * never silently runs with the default.
 */
export function resolveRunInputs(definition: WorkflowDefinition, given: Record<string, unknown>): ResolvedInputs {
  const problems: InputProblem[] = [];
  const inputs: Record<string, unknown> = {};
  for (const [name, declared] of Object.entries(definition.inputs)) {
    const value = name in given ? given[name] : declared.default;
    if (value === undefined) {
      if (declared.required) problems.push({ input: name, message: `required ${declared.type} input is missing` });
      continue;
    }
    const actual = typeOf(value);
    if (actual !== declared.type) {
      problems.push({ input: name, message: `expected ${declared.type}, got ${actual}` });
      continue;
    }
    inputs[name] = value;
  }
  for (const name of Object.keys(given)) {
    if (!(name in definition.inputs)) problems.push({ input: name, message: 'the workflow declares no such input' });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, inputs };
}

/**
 * `--input k=v` from the CLI arrives as text: coerce it to the declared type
 * (numbers, booleans, JSON for objects and arrays), leaving strings as they are.
 */
export function coerceTextInput(declared: WorkflowInput | undefined, text: string): unknown {
  switch (declared?.type) {
    case 'number': {
      const value = Number(text);
      return text.trim() !== '' && Number.isFinite(value) ? value : text;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'object':
    case 'array':
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    default:
      return text;
  }
}
