import type { RunRecord } from '@runtime-hub/protocol';
import { runRecordJson } from './run-record.json';

describe('runRecordJson', () => {
  it('gives the same value as JSON.stringify, for any chunk size and for no nodes', async () => {
    // ARRANGE: a record cut down to what the serializer touches
    const nodes = Array.from({ length: 7 }, (_, index) => ({ nodeId: `n${index}`, status: 'succeeded', output: { index, text: 'a "quoted" \u2028 line' } }));
    const record = { id: 'r1', status: 'succeeded', nodes } as unknown as RunRecord;
    const empty = { id: 'r2', status: 'running', nodes: [] } as unknown as RunRecord;

    // ACT
    const texts = await Promise.all([1, 3, 7, 100].map((perTurn) => runRecordJson(record, perTurn)));

    // ASSERT
    for (const text of texts) expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(record)));
    expect(JSON.parse(await runRecordJson(empty, 3))).toEqual(JSON.parse(JSON.stringify(empty)));
  });
});
