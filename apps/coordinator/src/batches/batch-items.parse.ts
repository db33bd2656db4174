import { once } from 'node:events';
import { parse } from 'csv-parse';
import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { BATCH_CSV_CHARS_PER_TURN, BATCH_ITEMS_CHECKED_PER_TURN, BATCH_PROBLEMS_LISTED } from '../config/defaults';
import { coerceTextInput, resolveRunInputs } from '../runs/core/run-inputs';
import { BatchItemsInvalidError } from './errors/batch-items-invalid.error';

export interface BatchItemsSource {
  readonly items?: ReadonlyArray<Record<string, unknown>> | undefined;
  readonly csv?: string | undefined;
  /** Inputs every item gets; the item's own value wins. */
  readonly inputs?: Record<string, unknown> | undefined;
}

/** Gives the event loop back between two slices of the work (the caller's `setImmediate`). */
export type GiveTurn = () => Promise<void>;

/**
 * The items of a batch as run inputs, every one checked against the workflow's declared inputs
 * (defaults filled), before anything is stored. No I/O: between slices of the work (a
 * BATCH_CSV_CHARS_PER_TURN slice of CSV text, BATCH_ITEMS_CHECKED_PER_TURN items checked) it
 * awaits `giveTurn`, so that 100,000 items do not hold the event loop for the whole parse.
 *
 * - `items`: one object of inputs per item.
 * - `csv`: a header line naming inputs, then one line per item (RFC 4180: quotes, commas and
 *   line breaks inside quotes, CRLF, a BOM). A value is converted to its input's declared type
 *   (number, boolean, JSON for object and array); an empty cell gives no value, so the default
 *   applies. An item is named by its line (`line 7`), a JSON item by its index (`items[5]`).
 *
 * Throws BatchItemsInvalidError listing the first BATCH_PROBLEMS_LISTED problems.
 */
export async function parseBatchItems(source: BatchItemsSource, definition: WorkflowDefinition, maxItems: number, giveTurn: GiveTurn): Promise<Array<Record<string, unknown>>> {
  const raw = source.csv !== undefined ? await csvItems(source.csv, definition, giveTurn) : [...(source.items ?? [])];
  if (raw.length === 0) throw new BatchItemsInvalidError([source.csv !== undefined ? 'csv: no item lines after the header' : 'items: the list is empty'], 0);
  if (raw.length > maxItems) throw new BatchItemsInvalidError([`${raw.length} items: a batch takes at most ${maxItems} (RH_BATCH_MAX_ITEMS)`], 0);
  const problems: string[] = [];
  let more = 0;
  const items: Array<Record<string, unknown>> = [];
  for (const [index, item] of raw.entries()) {
    if (index > 0 && index % BATCH_ITEMS_CHECKED_PER_TURN === 0) await giveTurn();
    const resolved = resolveRunInputs(definition, { ...(source.inputs ?? {}), ...item });
    if (resolved.ok) {
      items.push(resolved.inputs);
      continue;
    }
    const where = source.csv !== undefined ? `line ${index + 2}` : `items[${index}]`;
    for (const problem of resolved.problems) {
      if (problems.length < BATCH_PROBLEMS_LISTED) problems.push(`${where}.inputs.${problem.input}: ${problem.message}`);
      else more += 1;
    }
  }
  if (problems.length > 0) throw new BatchItemsInvalidError(problems, more);
  return items;
}

async function csvItems(text: string, definition: WorkflowDefinition, giveTurn: GiveTurn): Promise<Array<Record<string, unknown>>> {
  const toItem = (record: Record<string, string>): Record<string, unknown> => {
    const item: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(record)) {
      if (value !== '') item[name] = coerceTextInput(definition.inputs[name], value);
    }
    return item;
  };
  try {
    return await parseCsvInTurns(text, toItem, giveTurn);
  } catch (error) {
    if (error instanceof BatchItemsInvalidError) throw error;
    throw new BatchItemsInvalidError([`csv: ${error instanceof Error ? error.message : String(error)}`], 0, { cause: error });
  }
}

/**
 * The CSV's records as items (`toItem`), the text fed to csv-parse's streaming parser a slice at a time with a turn
 * given back after each. Slices end after a line break, so no character is cut in two; a quoted
 * field spanning slices is the parser's state to carry.
 */
async function parseCsvInTurns<T>(text: string, toItem: (record: Record<string, string>) => T, giveTurn: GiveTurn): Promise<T[]> {
  const parser = parse({ bom: true, skip_empty_lines: true, columns: (header: string[]) => checkHeader(header) });
  const records: T[] = [];
  const reading = (async () => {
    for await (const record of parser) records.push(toItem(record as Record<string, string>));
  })();
  // Handled here so a parse error while the writer waits for its turn is not an unhandled rejection; awaited below.
  reading.catch(() => undefined);
  // The reader sees a parser error; the writer only stops writing.
  let failed = false;
  parser.once('error', () => {
    failed = true;
  });
  for (let start = 0; start < text.length && !failed; ) {
    const end = sliceEnd(text, start);
    if (!parser.write(text.slice(start, end))) await Promise.race([once(parser, 'drain'), reading]).catch(() => undefined);
    start = end;
    await giveTurn();
  }
  if (!failed) parser.end();
  await reading;
  return records;
}

/** Where the slice from `start` ends: after the first line break at or past BATCH_CSV_CHARS_PER_TURN characters, or the text's end. */
function sliceEnd(text: string, start: number): number {
  const lineBreak = text.indexOf('\n', start + BATCH_CSV_CHARS_PER_TURN);
  return lineBreak === -1 ? text.length : lineBreak + 1;
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
