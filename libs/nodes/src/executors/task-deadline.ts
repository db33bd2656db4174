import { CancelledError } from '../errors/cancelled.error';
import { TimeoutError } from '../errors/timeout.error';
import { errorMessage, errorName } from '../errors/error-shape';
import { MAX_TIMER_DELAY_MS } from './execution-defaults';

export interface TaskSignal {
  /** Aborted with a `TimeoutError` after `timeoutMs`, or a `CancelledError` when the external signal fires. */
  readonly signal: AbortSignal;
  /** Clears the timer and the listener; call when the task is over. */
  dispose(): void;
}

/**
 * One signal for both ways a task is stopped. Like `AbortSignal.any([external,
 * AbortSignal.timeout(ms)])`, but its reason is already the typed error the task fails with
 * (so nothing downstream inspects DOMException names), and the timer is cleared when the task
 * ends instead of lingering until it fires.
 */
export function createTaskSignal(external: AbortSignal, timeoutMs: number): TaskSignal {
  const controller = new AbortController();
  const cancel = () => {
    if (controller.signal.aborted) return;
    const reason: unknown = external.reason;
    // AbortController.abort() without a reason gives a DOMException "AbortError": nothing to add.
    const said = reason === undefined || errorName(reason) === 'AbortError' ? '' : errorMessage(reason);
    const message = said ? `the node was cancelled: ${said}` : undefined;
    controller.abort(new CancelledError(message, { cause: reason }));
  };
  const timer = setTimeout(() => controller.abort(new TimeoutError(timeoutMs)), Math.min(Math.max(timeoutMs, 0), MAX_TIMER_DELAY_MS));
  if (external.aborted) cancel();
  else external.addEventListener('abort', cancel, { once: true });
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      external.removeEventListener('abort', cancel);
    },
  };
}

/**
 * Runs `work` until it settles, or until `signal` aborts and `settleMs` more have passed,
 * whichever is first. Once the signal has fired, the outcome is the signal's reason whatever
 * `work` ends with: an executor killed mid-way rejects with whatever its child process or
 * socket said, and the caller must see "timed out" or "cancelled", not "exit code 143".
 * `settleMs` lets the executor finish its cleanup (kill its process tree) before the task is
 * reported, without letting an executor that ignores the signal hold the task forever.
 */
export function runUntilAborted<T>(work: (signal: AbortSignal) => Promise<T>, signal: AbortSignal, settleMs: number): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    let settleTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      settleTimer = setTimeout(() => reject(signal.reason), settleMs);
    };
    const finish = () => {
      signal.removeEventListener('abort', onAbort);
      if (settleTimer !== undefined) clearTimeout(settleTimer);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    let running: Promise<T>;
    try {
      running = work(signal);
    } catch (error) {
      finish();
      reject(error);
      return;
    }
    running.then(
      (value) => {
        finish();
        if (signal.aborted) reject(signal.reason);
        else resolve(value);
      },
      (error: unknown) => {
        finish();
        reject(signal.aborted ? signal.reason : error);
      },
    );
  });
}
