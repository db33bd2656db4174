import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, RunSummarySchema, TERMINAL_RUN_STATUSES, type RunSummary } from '@runtime-hub/protocol';
import { BenchSetupError } from '../bench-setup.error';
import type { HubClient } from './hub.client';

/** The `/live` connection and its subscription are acknowledged within this. */
export const WATCHER_CONNECT_TIMEOUT_MS = 15_000;
/**
 * A run not seen finishing on `/live` for this long is asked for over REST as well, in case
 * its event was missed (a reconnect); polling only the stragglers keeps the bench from
 * adding REST load of its own to what it measures.
 */
export const FALLBACK_POLL_AFTER_MS = 5_000;
/**
 * A straggler is asked for over REST after FALLBACK_POLL_AFTER_MS, then again after twice as
 * long each time, up to FALLBACK_POLL_MAX_INTERVAL_MS: a long run (a 1 000-node fan-out) is
 * read a handful of times, not every few seconds — each read is a whole run record.
 */
export const FALLBACK_POLL_MAX_INTERVAL_MS = 30_000;

/**
 * Finished runs kept for a waiter that has not asked yet (a one-node run can finish before
 * the POST that started it returns). Far more than the bench ever has in flight.
 */
export const UNCLAIMED_RUNS_KEPT = 50_000;

/**
 * Learns when runs finish the way a dashboard does: `/live`, `runs:subscribe`, one
 * `run:updated` per status change. Finished summaries carry the coordinator's own
 * `createdAt` and `finishedAt`, which is what latencies are computed from (no polling delay
 * in the figures).
 */
export class RunWatcher {
  private readonly finished = new Map<string, RunSummary>();
  private readonly waiters = new Map<string, (summary: RunSummary) => void>();

  private constructor(
    private readonly socket: Socket,
    private readonly client: HubClient,
  ) {
    socket.on('run:updated', (payload: unknown) => {
      // Only a finished run is parsed: the client shares the machine with what it measures.
      if (!isFinishedUpdate(payload)) return;
      const parsed = RunSummarySchema.safeParse(payload);
      if (parsed.success) this.seen(parsed.data);
    });
  }

  static async connect(client: HubClient, token: string): Promise<RunWatcher> {
    const socket = io(`${client.url}${LIVE_NAMESPACE}`, { auth: { token }, transports: ['websocket'], reconnection: true });
    const watcher = new RunWatcher(socket, client);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no /live subscription within ${WATCHER_CONNECT_TIMEOUT_MS} ms`)), WATCHER_CONNECT_TIMEOUT_MS);
        socket.once('connect_error', (error: Error) => {
          clearTimeout(timer);
          reject(error);
        });
        socket.once('connect', () => {
          socket.emit('runs:subscribe', {}, (ack: { ok: boolean }) => {
            clearTimeout(timer);
            if (ack.ok) resolve();
            else reject(new Error(`runs:subscribe refused: ${JSON.stringify(ack)}`));
          });
        });
      });
    } catch (error) {
      socket.close();
      throw new BenchSetupError(`cannot watch runs on ${LIVE_NAMESPACE}: ${error instanceof Error ? error.message : String(error)}`, '', { cause: error });
    }
    // Every later (re)connect subscribes again; runs finishing meanwhile are found by the fallback poll.
    socket.io.on('reconnect', () => socket.emit('runs:subscribe', {}, () => undefined));
    return watcher;
  }

  /**
   * Resolves with the run's summary once it has finished. A run still unfinished after
   * `timeoutMs` fails the wait (naming it), so a stuck engine cannot hang the bench.
   */
  async finishedRun(runId: string, timeoutMs: number): Promise<RunSummary> {
    const known = this.take(runId);
    if (known) return known;
    const started = Date.now();
    return new Promise<RunSummary>((resolve, reject) => {
      let poll: NodeJS.Timeout | undefined;
      let intervalMs = FALLBACK_POLL_AFTER_MS;
      const again = () => {
        intervalMs = Math.min(intervalMs * 2, FALLBACK_POLL_MAX_INTERVAL_MS);
        poll = setTimeout(check, intervalMs);
      };
      const settle = (summary: RunSummary) => {
        clearTimeout(poll);
        this.waiters.delete(runId);
        this.finished.delete(runId);
        resolve(summary);
      };
      const check = () => {
        if (Date.now() - started > timeoutMs) {
          this.waiters.delete(runId);
          reject(new BenchSetupError(`run ${runId} did not finish within ${timeoutMs} ms`));
          return;
        }
        this.client.run(runId).then(
          (run) => {
            if (!this.waiters.has(runId)) return;
            if (TERMINAL_RUN_STATUSES.includes(run.status)) settle(RunSummarySchema.parse(withoutNodes(run)));
            else again();
          },
          () => {
            if (this.waiters.has(runId)) again();
          },
        );
      };
      this.waiters.set(runId, settle);
      poll = setTimeout(check, intervalMs);
    });
  }

  close(): void {
    this.socket.close();
  }

  private seen(summary: RunSummary): void {
    if (!TERMINAL_RUN_STATUSES.includes(summary.status)) return;
    const waiter = this.waiters.get(summary.id);
    if (waiter) {
      waiter(summary);
      return;
    }
    this.finished.set(summary.id, summary);
    // Runs nobody waits for (started by someone else on a shared coordinator) must not pile up.
    if (this.finished.size > UNCLAIMED_RUNS_KEPT) {
      const oldest = this.finished.keys().next();
      if (!oldest.done) this.finished.delete(oldest.value);
    }
  }

  private take(runId: string): RunSummary | undefined {
    const summary = this.finished.get(runId);
    if (summary) this.finished.delete(runId);
    return summary;
  }
}

function withoutNodes<T extends { nodes?: unknown }>(run: T): Omit<T, 'nodes'> {
  const { nodes: _nodes, ...summary } = run;
  return summary;
}

/** Whether a `run:updated` payload says its run finished, read before the whole payload is parsed. */
function isFinishedUpdate(payload: unknown): boolean {
  const status = typeof payload === 'object' && payload !== null ? (payload as { status?: unknown }).status : undefined;
  return typeof status === 'string' && (TERMINAL_RUN_STATUSES as readonly string[]).includes(status);
}
