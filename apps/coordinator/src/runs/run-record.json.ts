import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RunRecord } from '@runtime-hub/protocol';

/**
 * A run record as JSON text, its nodes serialized `nodesPerTurn` at a time with the event
 * loop given back between: `JSON.stringify` of a 10,000-node record in one go held `/health`
 * and heartbeats for a quarter of a second on a busy host. The text is what
 * `JSON.stringify(record)` gives, except that `nodes` comes last.
 */
export async function runRecordJson(record: RunRecord, nodesPerTurn: number): Promise<string> {
  const { nodes, ...summary } = record;
  const head = JSON.stringify(summary);
  const chunks: string[] = [];
  for (let start = 0; start < nodes.length; start += nodesPerTurn) {
    if (start > 0) await nextTurn();
    chunks.push(nodes.slice(start, start + nodesPerTurn).map((node) => JSON.stringify(node)).join(','));
  }
  return `${head.slice(0, -1)}${head === '{}' ? '' : ','}"nodes":[${chunks.join(',')}]}`;
}
