/**
 * The results an agent sent that are waiting for their turn or being recorded, one entry per
 * agent and attempt. A copy of a result that arrives while the first one is still pending
 * joins it and is answered with it, instead of queueing again.
 *
 * An agent sends a result again when its acknowledgement is late (the worker waits 10 s). With
 * a thousand agents answering one fan-out, the results queue behind the run's lock for longer
 * than that; if every late copy queued again, each one taking the run's lock only to be
 * ignored, the queue would grow faster than it drains, no acknowledgement would reach an
 * agent while it still waits for it, and the agents would send their results forever. Joined,
 * the queue holds at most one entry per attempt, and the copy an agent is waiting on is
 * answered as soon as the first one is recorded.
 */
export class PendingResults {
  private readonly pending = new Map<string, Promise<void>>();

  /** How many attempts have a result pending. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * `record` for this key, or the recording already pending for it. The key names the agent
   * (of the connection, never of the message) and the attempt, so an agent only ever joins
   * its own results.
   */
  run(key: string, record: () => Promise<void>): Promise<void> {
    const pending = this.pending.get(key);
    if (pending) return pending;
    const recording = record().finally(() => this.pending.delete(key));
    this.pending.set(key, recording);
    return recording;
  }
}

/** The key of one attempt's result sent by one agent. */
export function pendingResultKey(agentId: string, result: { runId: string; nodeId: string; attempt: number }): string {
  return `${agentId}/${result.runId}/${result.nodeId}/${result.attempt}`;
}
