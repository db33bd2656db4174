import { batchBody, EMPTY_BATCH_FORM, formatOfFile, progressSegments, progressText } from './batch-form';

const form = { ...EMPTY_BATCH_FORM, workflowId: 'wf-1' };

describe('the new-batch form', () => {
  it('sends JSON items with the concurrency, the priority, and a name and label when given', () => {
    expect(batchBody({ ...form, items: '[{"n":1},{"n":2}]', name: ' orders ', hostsLabel: 'windows' })).toEqual({
      ok: true,
      body: { workflowId: 'wf-1', items: [{ n: 1 }, { n: 2 }], concurrency: 5, priority: 50, name: 'orders', hostsLabel: 'windows' },
    });
  });

  it('sends CSV as it is: the coordinator names a bad line', () => {
    expect(batchBody({ ...form, format: 'csv', items: 'n\n1\n' })).toEqual({ ok: true, body: { workflowId: 'wf-1', csv: 'n\n1\n', concurrency: 5, priority: 50 } });
  });

  it.each([
    [{ workflowId: '' }, 'workflowId', 'choose a workflow'],
    [{ items: '[{' }, 'items', 'not JSON: write the items as an array of input objects, e.g. [{"order": "A-1"}]'],
    [{ items: '[1, 2]' }, 'items', 'the items are a JSON array of objects, one per item'],
    [{ format: 'csv', items: ' ' }, 'items', 'the CSV is empty'],
    [{ concurrency: '0' }, 'concurrency', 'a whole number, 1 or more'],
    [{ priority: 'high' }, 'priority', 'a whole number from 1 (last) to 100 (first)'],
  ] as const)('names the wrong field: %j', (change, field, message) => {
    expect(batchBody({ ...form, ...change })).toEqual({ ok: false, field, message });
  });

  it('reads a .csv file as CSV, anything else as JSON', () => {
    expect([formatOfFile('orders.CSV'), formatOfFile('items.json'), formatOfFile('list.txt')]).toEqual(['csv', 'json', 'json']);
  });
});

describe('batch progress', () => {
  const progress = { total: 10, waiting: 4, running: 2, succeeded: 3, failed: 1, cancelled: 0 };

  it('splits the bar in reading order, leaving out empty states', () => {
    expect(progressSegments(progress)).toEqual([
      { state: 'succeeded', count: 3, percent: 30 },
      { state: 'failed', count: 1, percent: 10 },
      { state: 'running', count: 2, percent: 20 },
      { state: 'waiting', count: 4, percent: 40 },
    ]);
    expect(progressSegments({ ...progress, total: 0, waiting: 0, running: 0, succeeded: 0, failed: 0 })).toEqual([]);
  });

  it('says it in one line', () => {
    expect(progressText(progress)).toBe('3 done · 1 failed · 2 running · 4 waiting of 10');
    expect(progressText({ ...progress, cancelled: 2 })).toBe('3 done · 1 failed · 2 running · 4 waiting · 2 cancelled of 10');
  });
});
