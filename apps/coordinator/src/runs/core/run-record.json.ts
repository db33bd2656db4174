import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RunRecord } from '@runtime-hub/protocol';

/**
 * A run record as JSON text in pieces, its nodes serialized `nodesPerPiece` at a time with the
 * event loop given back between: `JSON.stringify` of a 10,000-node record in one go held
 * `/health` and heartbeats for a quarter of a second on a busy host, and so did sending it as
 * one multi-megabyte string (its bytes and ETag computed in one turn). The pieces joined are
 * what `JSON.stringify(record)` gives, except that `nodes` comes last.
 */
export async function* runRecordJsonPieces(record: RunRecord, nodesPerPiece: number): AsyncGenerator<string> {
  const { nodes, ...summary } = record;
  const head = JSON.stringify(summary);
  yield `${head.slice(0, -1)}${head === '{}' ? '' : ','}"nodes":[`;
  for (let start = 0; start < nodes.length; start += nodesPerPiece) {
    await nextTurn();
    const piece = nodes
      .slice(start, start + nodesPerPiece)
      .map((node) => JSON.stringify(node))
      .join(',');
    yield start === 0 ? piece : `,${piece}`;
  }
  yield ']}';
}

/** The pieces as one text. */
export async function runRecordJson(record: RunRecord, nodesPerPiece: number): Promise<string> {
  const pieces: string[] = [];
  for await (const piece of runRecordJsonPieces(record, nodesPerPiece)) pieces.push(piece);
  return pieces.join('');
}
