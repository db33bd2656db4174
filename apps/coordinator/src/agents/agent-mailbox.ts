import type { NodeTask, RunError, TaskRef } from '@runtime-hub/protocol';
import type { Logger } from '../logging/logger';
import { MAILBOX_REPORTED_ATTEMPTS_KEPT } from '../config/defaults';

/** One task taken from an agent's queue for delivery; `complete` or `release` settles it. */
export interface TakenTask {
  readonly task: NodeTask;
  readonly jobId: string;
}

/** The agent's queue as the mailbox sees it (BullMQ in agent-mailbox.queue.ts). */
export interface MailboxQueue {
  /** The next task due in the agent's queue, now held for this delivery; undefined when none is due. */
  take(): Promise<TakenTask | undefined>;
  /** The agent accepted it: the job leaves the queue. */
  complete(taken: TakenTask): Promise<void>;
  /** Not accepted: back in the queue, due again after `delayMs`. */
  release(taken: TakenTask, delayMs: number): Promise<void>;
  close(): Promise<void>;
}

/** What the agent said to `task:assign`. */
export type AssignOutcome =
  | { readonly kind: 'accepted' }
  /** It answered no (no free slot, shutting down, malformed for it). */
  | { readonly kind: 'refused'; readonly reason: string }
  /** No answer: not connected, or the ack timed out. */
  | { readonly kind: 'unreachable'; readonly reason: string }
  /** Never sent: it cannot go to this agent (a secret it needs is refused); the node fails with `error`. */
  | { readonly kind: 'failed'; readonly error: RunError };

export interface MailboxPorts {
  readonly queue: MailboxQueue;
  /** Whether the agent has a connection to deliver on right now. */
  connected(): boolean;
  /** `task:assign` on the agent's connection, with its ack. */
  send(task: NodeTask): Promise<AssignOutcome>;
  /** The agent accepted the task: the run engine marks it running (the claim). */
  accepted(task: NodeTask): Promise<void>;
  /** The task could not be sent for good: the run engine records it failed with `error`. */
  failed(task: NodeTask, error: RunError): Promise<void>;
  /** How long a task the agent did not accept waits before it is delivered again. */
  readonly retryDelayMs: number;
  readonly logger: Logger;
  now?(): number;
}

/** A task as the agent holds it: one attempt of one node. */
export function heldKey(ref: TaskRef): string {
  return `${ref.runId}/${ref.nodeId}/${ref.attempt}`;
}

/**
 * The delivery of one agent's tasks: from its queue to its connection, as far as it has
 * free slots (README "Task delivery").
 *
 *   announce: one task was added to the agent's queue and is due (a dispatch here or on another
 *             replica, a retry whose backoff ran out): the mailbox looks for it
 *   wake:     the queue may hold tasks nobody announced (the agent registered, a backoff
 *             ended, the sweep): the mailbox looks until the queue is empty
 *   pump:     while connected, not backing off, holding fewer tasks than its slots and a task is
 *             announced or a look asked for: take the next due task; a task the agent already
 *             holds (delivered again after a coordinator restart) or whose result arrived lately
 *             only leaves the queue; any other is delivered. Once every announced task was taken,
 *             the pump stops without asking the queue again: a take that finds nothing is a Redis
 *             round trip, and a chain of nodes would pay one per node (a result freeing a slot
 *             announces nothing)
 *   deliver:  `task:assign`; accepted: the engine claims it (running), then its job leaves the
 *             queue, so a coordinator that dies in between delivers it again and the agent,
 *             holding it, does not run it twice; not accepted: back in the queue after
 *             `retryDelayMs`, and no more deliveries to this agent until then; failed (never
 *             sent, a secret refused): the engine records the node failed, its job leaves the queue
 *   finished: the task's result arrived (the agent keeps it until it is recorded): its slot is
 *             free again, and the pump goes on with what was announced and not yet taken
 *
 * Pumps never overlap; a wake or an announcement during a pump makes it look once more. A
 * task nobody announced (put back by BullMQ's stalled check, a wake lost with a replica) is
 * found by the next sweep, as before.
 */
export class AgentMailbox {
  private readonly held = new Set<string>();
  /**
   * The held tasks this mailbox took from the agent's own queue (not the ones the agent said
   * it held when it registered): each was dispatched to this agent, so a result of one needs
   * no database look-up to show that the task is the agent's.
   */
  private readonly delivered = new Set<string>();
  /**
   * Attempts whose result arrived (the latest MAILBOX_REPORTED_ATTEMPTS_KEPT, oldest first): the
   * slot is free before the result is recorded, so a job of one may still come out of the queue
   * (back after its lock expired); it only leaves the queue, as a held one does.
   */
  private readonly reported = new Set<string>();
  private readonly deliveries = new Set<Promise<void>>();
  private pumping: Promise<void> | undefined;
  private wokenDuringPump = false;
  /** Tasks announced and not taken yet (an upper bound: a task removed meanwhile is looked for once more). */
  private announced = 0;
  /** Looks until the queue is empty asked for, and the last one a take that found nothing answered. */
  private looksAsked = 1;
  private looksAnswered = 0;
  private backoffUntil = 0;
  private backoffTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly agentId: string,
    private slots: number,
    private readonly ports: MailboxPorts,
  ) {}

  get holding(): number {
    return this.held.size;
  }

  get hasFreeSlot(): boolean {
    return this.held.size < this.slots;
  }

  /**
   * The agent (re)registered: what it holds now is what it said, and its slots what it
   * declared. A task delivered to its previous process and not reported is not held any more
   * (the run engine fails it as lost).
   */
  reset(slots: number, held: readonly TaskRef[]): void {
    this.slots = slots;
    this.held.clear();
    this.delivered.clear();
    for (const ref of held) this.held.add(heldKey(ref));
    this.backoffUntil = 0;
    this.announced = 0;
    this.looksAsked += 1;
  }

  /** One task was added to the agent's queue and is due now. */
  announce(): void {
    this.announced += 1;
    this.pumpSoon();
  }

  /** The queue may hold tasks nobody announced: take until it is empty. */
  wake(): void {
    this.looksAsked += 1;
    this.pumpSoon();
  }

  private pumpSoon(): void {
    if (this.closed) return;
    if (this.pumping) {
      this.wokenDuringPump = true;
      return;
    }
    this.pumping = this.pump()
      .catch((error: unknown) => this.ports.logger.warn({ err: error, agentId: this.agentId }, 'task delivery failed; the next wake tries again'))
      .finally(() => {
        this.pumping = undefined;
      });
  }

  /** The agent's result for this attempt arrived (or was refused for good): its slot is free. */
  finished(ref: TaskRef): void {
    const key = heldKey(ref);
    this.delivered.delete(key);
    this.remember(key);
    if (this.held.delete(key)) this.pumpSoon();
  }

  private remember(key: string): void {
    this.reported.delete(key);
    this.reported.add(key);
    if (this.reported.size > MAILBOX_REPORTED_ATTEMPTS_KEPT) this.reported.delete(this.reported.values().next().value as string);
  }

  /** Whether this mailbox took this attempt from the agent's queue and holds it (it is the agent's task). */
  delivers(ref: TaskRef): boolean {
    return this.delivered.has(heldKey(ref));
  }

  /**
   * Stops delivering. With `waitForDeliveries`, tasks taken and not yet accepted go back to the
   * queue as their deliveries end (an agent lost); without (shutdown), their jobs stay held
   * until the stalled check of any coordinator returns them to the queue.
   */
  async close({ waitForDeliveries }: { waitForDeliveries: boolean }): Promise<void> {
    this.closed = true;
    if (this.backoffTimer) clearTimeout(this.backoffTimer);
    await this.pumping;
    if (waitForDeliveries) await Promise.allSettled([...this.deliveries]);
    await this.ports.queue.close();
  }

  private now(): number {
    return this.ports.now ? this.ports.now() : Date.now();
  }

  private mayDeliver(): boolean {
    return !this.closed && this.ports.connected() && this.hasFreeSlot && this.now() >= this.backoffUntil;
  }

  /** Whether a take may find something: a task announced and not taken, or a look not answered yet. */
  private mayFind(): boolean {
    return this.announced > 0 || this.looksAsked > this.looksAnswered;
  }

  private async pump(): Promise<void> {
    do {
      this.wokenDuringPump = false;
      while (this.mayDeliver() && this.mayFind()) {
        const announcedBefore = this.announced;
        const looksBefore = this.looksAsked;
        const taken = await this.ports.queue.take();
        if (!taken) {
          // The queue had nothing due when the take ran: what was announced or asked before it
          // is answered; what arrived while it ran is looked for again.
          this.announced = Math.max(0, this.announced - announcedBefore);
          this.looksAnswered = looksBefore;
          break;
        }
        if (this.announced > 0) this.announced -= 1;
        const key = heldKey(taken.task);
        if (this.held.has(key) || this.reported.has(key)) {
          await this.ports.queue.complete(taken);
          continue;
        }
        this.held.add(key);
        this.delivered.add(key);
        const delivery = this.deliver(taken, key)
          .catch((error: unknown) => this.ports.logger.warn({ err: error, agentId: this.agentId, jobId: taken.jobId }, 'a task delivery failed; its job returns to the queue when its lock expires'))
          .finally(() => this.deliveries.delete(delivery));
        this.deliveries.add(delivery);
      }
    } while (this.wokenDuringPump && !this.closed);
  }

  private async deliver(taken: TakenTask, key: string): Promise<void> {
    const { task } = taken;
    const outcome = await this.ports.send(task);
    if (outcome.kind === 'accepted') {
      await this.ports.accepted(task).catch((error: unknown) =>
        this.ports.logger.error({ err: error, agentId: this.agentId, jobId: taken.jobId }, 'could not mark an accepted task running; the reconciler delivers it again'),
      );
      await this.ports.queue.complete(taken);
      return;
    }
    this.held.delete(key);
    this.delivered.delete(key);
    if (outcome.kind === 'failed') {
      this.ports.logger.warn({ agentId: this.agentId, jobId: taken.jobId, code: outcome.error.code, reason: outcome.error.message }, 'a task cannot go to its agent; its node fails');
      await this.ports.failed(task, outcome.error);
      await this.ports.queue.complete(taken);
      return;
    }
    this.ports.logger.warn({ agentId: this.agentId, jobId: taken.jobId, reason: outcome.reason, kind: outcome.kind }, 'the agent did not accept a task; it goes back to its queue');
    await this.ports.queue.release(taken, this.ports.retryDelayMs);
    this.backOff();
  }

  /** No deliveries to this agent for `retryDelayMs`, then a wake: the task it refused is due again by then. */
  private backOff(): void {
    this.backoffUntil = this.now() + this.ports.retryDelayMs;
    if (this.backoffTimer || this.closed) return;
    this.backoffTimer = setTimeout(() => {
      this.backoffTimer = undefined;
      this.wake();
    }, this.ports.retryDelayMs);
    this.backoffTimer.unref();
  }
}
