import type { ApiClient } from './api-client';
import { CliError } from './cli-error';
import { EXIT_INVALID } from './command';

/**
 * A schedule, batch or hook named on the command line by its id or its name, read from its
 * list: an id wins over a name; no match is exit 2 with the closest name.
 */
export async function resolveByRef<T extends { id: string; name: string }>(client: ApiClient, listPath: string, ref: string, kind: string): Promise<T> {
  const { items } = await client.get<{ items: T[] }>(listPath);
  const found = items.find((item) => item.id === ref) ?? items.find((item) => item.name === ref);
  if (found) return found;
  // The matcher is loaded only on the way to this message.
  const { didYouMean } = await import('@runtime-hub/graph');
  throw new CliError(`no ${kind} has the name or id "${ref}"${didYouMean(ref, items.map((item) => item.name))} (see runtime-hub ${kind === 'batch' ? 'batches' : `${kind}s`})`, EXIT_INVALID);
}

/** `--priority N`: a whole number from 1 to 100 (higher goes first). */
export function parsePriority(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const priority = Number(text);
  if (!Number.isInteger(priority) || priority < 1 || priority > 100) throw new CliError(`--priority ${text}: expected a whole number from 1 (last) to 100 (first)`, EXIT_INVALID);
  return priority;
}

/** `--labels a,b`: the labels, none empty. */
export function parseLabels(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const labels = text.split(',').map((label) => label.trim());
  if (labels.some((label) => label === '')) throw new CliError(`--labels ${text}: expected labels separated by commas (windows,finance)`, EXIT_INVALID);
  return labels;
}

/** A positive whole number flag. */
export function parseCount(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) throw new CliError(`--${flag} ${text}: expected a whole number above 0`, EXIT_INVALID);
  return Number(text);
}
