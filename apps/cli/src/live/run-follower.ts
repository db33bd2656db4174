import type { NodeRunRecord, RunRecord, RunStatus, RunSummary } from '@runtime-hub/protocol';
import type { ApiClient } from '../api-client';
import type { CliConfig } from '../cli.config';
import type { CliIo } from '../command';
import { isSettled } from '../run-view';
import { connectLive, subscribe, type LiveSocket } from './live-connection';

/** The states a run ends in (libs/protocol's TERMINAL_RUN_STATUSES, without loading the schemas). */
export const ENDED: ReadonlySet<RunStatus> = new Set<RunStatus>(['succeeded', 'failed', 'cancelled']);

export function hasEnded(run: Pick<RunSummary, 'status'>): boolean {
  return ENDED.has(run.status);
}

/**
 * Follows one run on `/live` until it ends and returns it with every node:
 *   1. joins the run's room (`run:subscribe`), then reads the run once over REST: a run that
 *      ended before the subscription is answered at once;
 *   2. reports each node as it settles (`node:updated`, and the `run:snapshot` the room
 *      sends), once per attempt;
 *   3. on the `run:updated` that ends the run, reads the finished run once more.
 * After a reconnect the room is joined again and the run read again, so nothing is missed
 * while the connection was down. No polling: a run that takes 20 ms is reported at once.
 */
export function followRun(client: ApiClient, socket: LiveSocket, runId: string, onSettled?: (node: NodeRunRecord) => void): Promise<RunRecord> {
  const runPath = `/api/runs/${encodeURIComponent(runId)}`;
  const reported = new Set<string>();
  const report = (node: NodeRunRecord) => {
    const key = `${node.nodeId}#${node.attempt}:${node.status}`;
    if (node.runId !== runId || !isSettled(node) || reported.has(key)) return;
    reported.add(key);
    onSettled?.(node);
  };

  return new Promise<RunRecord>((resolve, reject) => {
    let finished = false;
    const stop = () => {
      finished = true;
      socket.off('node:updated', report);
      socket.off('run:snapshot', seen);
      socket.off('run:updated', updated);
      socket.off('connect', join);
    };
    const fail = (error: unknown) => {
      if (finished) return;
      stop();
      reject(error);
    };
    function seen(run: RunRecord): void {
      if (finished || run.id !== runId) return;
      run.nodes.forEach(report);
      if (!hasEnded(run)) return;
      stop();
      resolve(run);
    }
    function updated(run: RunSummary): void {
      if (finished || run.id !== runId || !hasEnded(run)) return;
      client.get<RunRecord>(runPath).then(seen, fail);
    }
    function join(): void {
      subscribe(socket, 'run:subscribe', { runId })
        .then(() => client.get<RunRecord>(runPath))
        .then(seen, fail);
    }
    socket.on('node:updated', report);
    socket.on('run:snapshot', seen);
    socket.on('run:updated', updated);
    socket.on('connect', join);
    join();
  });
}

/** Follows a run on `/live` to its end (see followRun), closing the connection after. */
export async function followToEnd(client: ApiClient, config: CliConfig, runId: string, io: CliIo, onSettled?: (node: NodeRunRecord) => void): Promise<RunRecord> {
  const socket = await connectLive(config, io);
  try {
    return await followRun(client, socket, runId, onSettled);
  } finally {
    socket.close();
  }
}
