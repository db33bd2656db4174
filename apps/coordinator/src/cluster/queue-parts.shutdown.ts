import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

/** A BullMQ worker (if one was started), its queue and the connection both use. */
export interface QueueParts {
  readonly worker: Worker | undefined;
  readonly queue: Queue;
  readonly connection: Redis;
}

/**
 * Closes a worker, its queue and their connection at shutdown, within `graceMs`
 * (RH_SHUTDOWN_GRACE_MS): a job being handled may finish, but a worker whose blocking
 * connection is still reconnecting to a Redis that has just come back would hold the shutdown
 * for as long as that takes (seen for well over a minute). After the grace the connection is
 * dropped and the worker closed by force. True when everything closed in time.
 */
export async function closeQueueParts(parts: QueueParts, graceMs: number): Promise<boolean> {
  const graceful = (async () => {
    await parts.worker?.close().catch(() => undefined);
    await parts.queue.close().catch(() => undefined);
    await parts.connection.quit().catch(() => parts.connection.disconnect());
    return true;
  })();
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  const closedInTime = await Promise.race([graceful, graceOver]).finally(() => clearTimeout(timer));
  if (!closedInTime) {
    parts.connection.disconnect();
    void parts.worker?.close(true).catch(() => undefined);
  }
  return closedInTime;
}
