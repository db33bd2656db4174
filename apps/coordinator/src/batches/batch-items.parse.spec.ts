import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { BATCH_CSV_CHARS_PER_TURN } from '../config/defaults';
import { parseBatchItems as parseInTurns, type BatchItemsSource } from './batch-items.parse';
import { BatchItemsInvalidError } from './errors/batch-items-invalid.error';

const definition = {
  schemaVersion: 1,
  name: 'orders',
  inputs: {
    order: { type: 'string', required: true },
    count: { type: 'number', default: 1 },
    rush: { type: 'boolean', default: false },
    tags: { type: 'array', default: [] },
  },
  defaults: {},
  nodes: [],
  edges: [],
} as unknown as WorkflowDefinition;

/** The parse with its turns counted (nothing else waits in a unit test). */
let turns = 0;
function parseBatchItems(source: BatchItemsSource, workflow: WorkflowDefinition, maxItems: number): Promise<Array<Record<string, unknown>>> {
  return parseInTurns(source, workflow, maxItems, async () => {
    turns += 1;
  });
}

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof BatchItemsInvalidError) return error.message;
    throw error;
  }
  throw new Error('no refusal');
}

describe('parseBatchItems', () => {
  it('takes JSON items, fills defaults and merges the common inputs under each item', async () => {
    expect(await parseBatchItems({ items: [{ order: 'A-1' }, { order: 'A-2', count: 3 }], inputs: { rush: true } }, definition, 10)).toEqual([
      { order: 'A-1', count: 1, rush: true, tags: [] },
      { order: 'A-2', count: 3, rush: true, tags: [] },
    ]);
  });

  it('reads CSV with quotes, CRLF and a BOM, converting values to the declared types; an empty cell takes the default', async () => {
    const csv = '\ufefforder,count,rush,tags\r\n"A,1",2,true,"[""x"",""y""]"\r\nA-2,,false,[]\r\n\r\n';
    expect(await parseBatchItems({ csv }, definition, 10)).toEqual([
      { order: 'A,1', count: 2, rush: true, tags: ['x', 'y'] },
      { order: 'A-2', count: 1, rush: false, tags: [] },
    ]);
  });

  it.each([
    ['a wrong type, named by item', { items: [{ order: 'A' }, { order: 'B', count: 'many' }] }, 'invalid batch items: items[1].inputs.count: expected number, got string'],
    ['a missing input and an unknown one, named by CSV line', { csv: 'count,colour\n2,red\n' }, 'invalid batch items: line 2.inputs.order: required string input is missing; line 2.inputs.colour: the workflow declares no such input'],
    ['a CSV line with a column too many', { csv: 'order,count\nA,1\nB,2,3\n' }, 'invalid batch items: csv: Invalid Record Length: columns length is 2, got 3 on line 3'],
    ['a header naming a column twice', { csv: 'order,order\nA,B\n' }, 'invalid batch items: csv: line 1 (the header) names "order" twice'],
    ['a CSV with only its header', { csv: 'order,count\n' }, 'invalid batch items: csv: no item lines after the header'],
    ['an empty list', { items: [] }, 'invalid batch items: items: the list is empty'],
    ['more items than allowed', { items: [{ order: 'A' }, { order: 'B' }, { order: 'C' }] }, 'invalid batch items: 3 items: a batch takes at most 2 (RH_BATCH_MAX_ITEMS)'],
  ])('refuses %s', async (_what, source, message) => {
    expect(await refusal(() => parseBatchItems(source, definition, 2))).toBe(message);
  });

  it('lists the first twenty problems and counts the rest', async () => {
    const items = Array.from({ length: 30 }, () => ({ count: 'x', order: 'A' }));
    const message = await refusal(() => parseBatchItems({ items }, definition, 100));
    expect(message.split('; ')).toHaveLength(21);
    expect(message.endsWith('; and 10 more')).toBe(true);
  });

  it('parses a large CSV in turns: quoted line breaks and characters of two UTF-16 units across slices, every line in order', async () => {
    // ARRANGE: every order has a quoted line break and an emoji, so slices (which end after a line break) end inside quotes too
    const lines = Array.from({ length: 30_000 }, (_, n) => `"A-${n}\nnote 🙂",${n % 7},${n % 2 === 0},"[""t${n}""]"`);
    const csv = `order,count,rush,tags\n${lines.join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(4 * BATCH_CSV_CHARS_PER_TURN);
    turns = 0;

    // ACT
    const items = await parseBatchItems({ csv }, definition, 100_000);

    // ASSERT
    expect(items).toHaveLength(30_000);
    expect(items.every((item, index) => JSON.stringify(item) === JSON.stringify({ order: `A-${index}\nnote 🙂`, count: index % 7, rush: index % 2 === 0, tags: [`t${index}`] }))).toBe(true);
    expect(turns).toBeGreaterThanOrEqual(4);
  });
});
