import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { closeQueueParts } from './queue-parts.shutdown';

const GRACE_MS = 50;

function fakeParts(workerClose: () => Promise<void>) {
  const calls: string[] = [];
  const worker = {
    close: (force?: boolean) => {
      calls.push(force ? 'worker.close(force)' : 'worker.close');
      return force ? Promise.resolve() : workerClose();
    },
  } as unknown as Worker;
  const queue = { close: async () => void calls.push('queue.close') } as unknown as Queue;
  const connection = {
    quit: async () => void calls.push('connection.quit'),
    disconnect: () => void calls.push('connection.disconnect'),
  } as unknown as Redis;
  return { parts: { worker, queue, connection }, calls };
}

describe('closeQueueParts', () => {
  it('closes the worker, then the queue, then quits the connection when all answer in time', async () => {
    // ARRANGE
    const { parts, calls } = fakeParts(async () => undefined);

    // ACT
    const closedInTime = await closeQueueParts(parts, GRACE_MS);

    // ASSERT
    expect(closedInTime).toBe(true);
    expect(calls).toEqual(['worker.close', 'queue.close', 'connection.quit']);
  });

  it('drops the connection and closes the worker by force when its close outlasts the grace', async () => {
    // ARRANGE
    const { parts, calls } = fakeParts(() => new Promise<void>(() => undefined));

    // ACT
    const closedInTime = await closeQueueParts(parts, GRACE_MS);

    // ASSERT
    expect(closedInTime).toBe(false);
    expect(calls).toEqual(['worker.close', 'connection.disconnect', 'worker.close(force)']);
  });
});
