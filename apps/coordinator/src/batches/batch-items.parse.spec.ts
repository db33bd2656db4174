import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { parseBatchItems } from './batch-items.parse';
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

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof BatchItemsInvalidError) return error.message;
    throw error;
  }
  throw new Error('no refusal');
}

describe('parseBatchItems', () => {
  it('takes JSON items, fills defaults and merges the common inputs under each item', () => {
    expect(parseBatchItems({ items: [{ order: 'A-1' }, { order: 'A-2', count: 3 }], inputs: { rush: true } }, definition, 10)).toEqual([
      { order: 'A-1', count: 1, rush: true, tags: [] },
      { order: 'A-2', count: 3, rush: true, tags: [] },
    ]);
  });

  it('reads CSV with quotes, CRLF and a BOM, converting values to the declared types; an empty cell takes the default', () => {
    const csv = '\ufefforder,count,rush,tags\r\n"A,1",2,true,"[""x"",""y""]"\r\nA-2,,false,[]\r\n\r\n';
    expect(parseBatchItems({ csv }, definition, 10)).toEqual([
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
  ])('refuses %s', (_what, source, message) => {
    expect(refusal(() => parseBatchItems(source, definition, 2))).toBe(message);
  });

  it('lists the first twenty problems and counts the rest', () => {
    const items = Array.from({ length: 30 }, () => ({ count: 'x', order: 'A' }));
    const message = refusal(() => parseBatchItems({ items }, definition, 100));
    expect(message.split('; ')).toHaveLength(21);
    expect(message.endsWith('; and 10 more')).toBe(true);
  });
});
