import type { NodeRunRecord } from '@runtime-hub/protocol';
import { createNodeRecordsStore } from './node-records.store';

const record = (nodeId: string, status: NodeRunRecord['status']) => ({ nodeId, status }) as NodeRunRecord;

describe('node records store', () => {
  it('tells only the listeners of nodes whose record changed', () => {
    const store = createNodeRecordsStore();
    const a1 = record('a', 'queued');
    const b1 = record('b', 'queued');
    store.update(new Map([['a', a1], ['b', b1]]));
    const heard: string[] = [];
    store.subscribe('a', () => heard.push('a'));
    store.subscribe('b', () => heard.push('b'));

    const a2 = record('a', 'succeeded');
    store.update(new Map([['a', a2], ['b', b1]]));

    expect(heard).toEqual(['a']);
    expect(store.get('a')).toBe(a2);
    expect(store.get('b')).toBe(b1);
  });

  it('stops telling a listener once it unsubscribed', () => {
    const store = createNodeRecordsStore();
    let calls = 0;
    const unsubscribe = store.subscribe('a', () => (calls += 1));
    store.update(new Map([['a', record('a', 'queued')]]));
    unsubscribe();
    store.update(new Map([['a', record('a', 'running')]]));
    expect(calls).toBe(1);
  });
});
