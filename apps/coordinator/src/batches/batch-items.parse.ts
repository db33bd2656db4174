import { parse } from 'csv-parse/sync';
import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { BATCH_PROBLEMS_LISTED } from '../config/defaults';
import { coerceTextInput, resolveRunInputs } from '../runs/run-inputs';
import { BatchItemsInvalidError } from './errors/batch-items-invalid.error';

export interface BatchItemsSource {
  readonly items?: ReadonlyArray<Record<string, unknown>> | undefined;
  readonly csv?: string | undefined;
  /** Inputs every item gets; the item's own value wins. */
  readonly inputs?: Record<string, unknown> | undefined;
}

/**
 * The items of a batch as run inputs, every one checked against the workflow's declared inputs
 * (defaults filled), before anything is stored. Pure.
 *
 * - `items`: one object of inputs per item.
 * - `csv`: a header line naming inputs, then one line per item (RFC 4180: quotes, commas and
 *   line breaks inside quotes, CRLF, a BOM). A value is converted to its input's declared type
 *   (number, boolean, JSON for object and array); an empty cell gives no value, so the default
 *   applies. An item is named by its line (`line 7`), a JSON item by its index (`items[5]`).
 *
 * Throws BatchItemsInvalidError listing the first BATCH_PROBLEMS_LISTED problems.
 */
export function parseBatchItems(source: BatchItemsSource, definition: WorkflowDefinition, maxItems: number): Array<Record<string, unknown>> {
  const raw = source.csv !== undefined ? csvItems(source.csv, definition) : [...(source.items ?? [])];
  if (raw.length === 0) throw new BatchItemsInvalidError([source.csv !== undefined ? 'csv: no item lines after the header' : 'items: the list is empty'], 0);
  if (raw.length > maxItems) throw new BatchItemsInvalidError([`${raw.length} items: a batch takes at most ${maxItems} (RH_BATCH_MAX_ITEMS)`], 0);
  const problems: string[] = [];
  let more = 0;
  const items = raw.map((item, index) => {
    const resolved = resolveRunInputs(definition, { ...(source.inputs ?? {}), ...item });
    if (resolved.ok) return resolved.inputs;
    const where = source.csv !== undefined ? `line ${index + 2}` : `items[${index}]`;
    for (const problem of resolved.problems) {
      if (problems.length < BATCH_PROBLEMS_LISTED) problems.push(`${where}.inputs.${problem.input}: ${problem.message}`);
      else more += 1;
    }
    return {};
  });
  if (problems.length > 0) throw new BatchItemsInvalidError(problems, more);
  return items;
}

function csvItems(text: string, definition: WorkflowDefinition): Array<Record<string, unknown>> {
  let records: Array<Record<string, string>>;
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      columns: (header: string[]) => checkHeader(header),
    }) as Array<Record<string, string>>;
  } catch (error) {
    if (error instanceof BatchItemsInvalidError) throw error;
    throw new BatchItemsInvalidError([`csv: ${error instanceof Error ? error.message : String(error)}`], 0, { cause: error });
  }
  return records.map((record) => {
    const item: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(record)) {
      if (value !== '') item[name] = coerceTextInput(definition.inputs[name], value);
    }
    return item;
  });
}

function checkHeader(header: string[]): string[] {
  const names = header.map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') throw new BatchItemsInvalidError(['csv: line 1 (the header) has an empty column name'], 0);
    if (seen.has(name)) throw new BatchItemsInvalidError([`csv: line 1 (the header) names "${name}" twice`], 0);
    seen.add(name);
  }
  return names;
}
