import { Inject, Injectable } from '@nestjs/common';
import { TERMINAL_RUN_STATUSES, type RunRecord, type RunStatus } from '@runtime-hub/protocol';
import { RUN_WAIT_RECHECK_INTERVAL_MS } from '../../config/defaults';
import { LiveEvents } from '../../live/live.events';
import { RunReader } from '../adapters/run-reader';

/**
 * Waits for a run to end, for `POST /api/runs?waitMs=`: woken by this process's run updates
 * (the same ones `/live` publishes), re-reading the run every RUN_WAIT_RECHECK_INTERVAL_MS in
 * case another replica advanced it. Reads only; the run goes on whatever the waiter does.
 */
@Injectable()
export class RunWaiter {
  constructor(
    @Inject(LiveEvents) private readonly live: LiveEvents,
    @Inject(RunReader) private readonly reader: RunReader,
  ) {}

  /** The run with every node once it has ended; null when `timeoutMs` passed first. */
  async waitForEnd(runId: string, timeoutMs: number, recheckMs = RUN_WAIT_RECHECK_INTERVAL_MS): Promise<RunRecord | null> {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    let wake: (() => void) | undefined;
    // Listening starts before the first read, so an end between the two is not missed.
    const stopListening = this.live.onRunUpdated((run) => {
      if (run.id !== runId || !isTerminal(run.status)) return;
      ended = true;
      wake?.();
    });
    try {
      while (!ended && !isTerminal((await this.reader.summary(runId)).status)) {
        const left = deadline - Date.now();
        if (left <= 0) return null;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, recheckMs));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return await this.reader.record(runId);
    } finally {
      stopListening();
    }
  }
}

function isTerminal(status: RunStatus): boolean {
  return TERMINAL_RUN_STATUSES.includes(status);
}
