import type { NodeResult, TaskRef } from '@runtime-hub/protocol';
import type { Logger } from './logger';

/** What became of one `task:result`. */
export type ResultDelivery =
  /** The coordinator recorded it (or had already). */
  | { readonly kind: 'recorded' }
  /** Refused for good (another agent's task, malformed): sending it again cannot help. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** No answer, not connected, or the coordinator asked for it again later. */
  | { readonly kind: 'again'; readonly reason: string };

export interface ResultOutboxOptions {
  /** `task:result` with its ack. */
  send(result: NodeResult): Promise<ResultDelivery>;
  connected(): boolean;
  readonly retryDelayMs: number;
  readonly logger: Logger;
}

function keyOf(ref: TaskRef): string {
  return `${ref.runId}:${ref.nodeId}:${ref.attempt}`;
}

/**
 * Results on their way to the coordinator. A result stays here until the coordinator
 * acknowledges it (recorded, or refused for good); unanswered ones are sent again after
 * `retryDelayMs` and at every reconnect (`flush`). Their attempts are part of what the worker
 * says it holds when it registers, so the coordinator does not count them as lost.
 */
export class ResultOutbox {
  private readonly pending = new Map<string, NodeResult>();
  private readonly sending = new Set<string>();
  /** Added again while a send of the same attempt was out: sent once more after it, whatever its answer. */
  private readonly addedWhileSending = new Set<string>();
  private readonly emptied: Array<() => void> = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: ResultOutboxOptions) {}

  get size(): number {
    return this.pending.size;
  }

  /** The attempts whose results are not acknowledged yet. */
  attempts(): TaskRef[] {
    return [...this.pending.values()].map((result) => ({ runId: result.runId, nodeId: result.nodeId, attempt: result.attempt }));
  }

  /**
   * A result to send; the same attempt's result again when its task was delivered again (the
   * coordinator does not know it). A send of it already out may be answered before the
   * coordinator asked again, so it goes once more after that send.
   */
  add(result: NodeResult): void {
    const key = keyOf(result);
    this.pending.set(key, result);
    if (this.sending.has(key)) this.addedWhileSending.add(key);
    else void this.sendOne(key);
  }

  /** Sends every pending result (after a (re)registration). */
  flush(): void {
    for (const key of this.pending.keys()) void this.sendOne(key);
  }

  /** Resolves once every pending result is acknowledged, or after `timeoutMs`; true when none is left. */
  async drained(timeoutMs: number): Promise<boolean> {
    if (this.pending.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.emptied.push(resolve)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return this.pending.size === 0;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private async sendOne(key: string): Promise<void> {
    const result = this.pending.get(key);
    if (!result || this.sending.has(key) || this.closed || !this.options.connected()) return;
    this.sending.add(key);
    try {
      const delivery = await this.options.send(result);
      if (delivery.kind === 'again') {
        this.options.logger.warn({ runId: result.runId, nodeId: result.nodeId, attempt: result.attempt, reason: delivery.reason }, 'result not acknowledged; sending it again later');
        this.retryLater();
        return;
      }
      if (delivery.kind === 'refused') {
        this.options.logger.error({ runId: result.runId, nodeId: result.nodeId, attempt: result.attempt, reason: delivery.reason }, 'the coordinator refused a result for good; it is dropped');
      }
      if (this.addedWhileSending.has(key)) return;
      this.pending.delete(key);
      if (this.pending.size === 0) for (const resolve of this.emptied.splice(0)) resolve();
    } finally {
      this.sending.delete(key);
      if (this.addedWhileSending.delete(key)) void this.sendOne(key);
    }
  }

  private retryLater(): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.flush();
    }, this.options.retryDelayMs);
  }
}
