import type { WorkflowInput } from '@runtime-hub/protocol';
import type { ApiClient } from './api-client';
import { CliError } from './cli-error';
import { EXIT_INVALID } from './command';

/**
 * `--input k=v` as `runtime-hub run` takes them: text on the command line, turned into the
 * types the workflow declares before the run is asked for. The coordinator checks the result
 * (missing, undeclared and mistyped inputs); this only makes `--input count=3` a number.
 */

/** Splits each `name=value` at the first `=` (values may hold `=`). A repeated name: the last wins. */
export function parseInputFlags(flags: readonly string[]): Map<string, string> {
  const inputs = new Map<string, string>();
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0) throw new CliError(`--input ${flag}: expected name=value`, EXIT_INVALID);
    inputs.set(flag.slice(0, at), flag.slice(at + 1));
  }
  return inputs;
}

/**
 * Text to the declared type: numbers, `true` / `false`, JSON for objects and arrays; strings
 * and undeclared inputs stay text. Text that does not convert is passed on unchanged, so the
 * coordinator names the input and the expected type in its answer.
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
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    default:
      return text;
  }
}

export function coerceInputs(declared: Readonly<Record<string, WorkflowInput>>, given: ReadonlyMap<string, string>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [name, text] of given) inputs[name] = coerceTextInput(Object.hasOwn(declared, name) ? declared[name] : undefined, text);
  return inputs;
}

/** The inputs the stored workflow declares (a version, else its latest), to convert `--input` text to their types. */
export async function declaredInputs(client: ApiClient, workflowId: string, version: number | undefined): Promise<Record<string, WorkflowInput>> {
  const id = encodeURIComponent(workflowId);
  const path = version === undefined ? `/api/workflows/${id}` : `/api/workflows/${id}/versions/${version}`;
  const workflow = await client.get<{ definition?: { inputs?: Record<string, WorkflowInput> } }>(path);
  return workflow.definition?.inputs ?? {};
}
