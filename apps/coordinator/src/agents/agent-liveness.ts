/**
 * When an agent counts as lost: silent (no message at all) for longer than `offlineAfterMs`,
 * or disconnected and not back within `disconnectGraceMs`. Timers only; what losing an agent
 * means is the caller's `onLost`.
 */

/**
 * The silence check runs this often, as a fraction of `offlineAfterMs`: an agent is declared
 * offline at most a third of the threshold late (15 s silent -> offline within 20 s), while a
 * fleet of thousands is scanned only a few times per threshold.
 */
export const LIVENESS_SWEEP_FRACTION = 1 / 3;
/** Lower bound of the sweep interval, for very small thresholds in tests. */
export const LIVENESS_SWEEP_MIN_INTERVAL_MS = 10;

export interface AgentLivenessOptions {
  readonly offlineAfterMs: number;
  readonly disconnectGraceMs: number;
  readonly onLost: (agentId: string, reason: string) => void;
  readonly now?: () => number;
}

export class AgentLiveness {
  private readonly lastSeenAtMs = new Map<string, number>();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: AgentLivenessOptions) {
    this.now = options.now ?? Date.now;
  }

  get sweepIntervalMs(): number {
    return Math.max(LIVENESS_SWEEP_MIN_INTERVAL_MS, Math.floor(this.options.offlineAfterMs * LIVENESS_SWEEP_FRACTION));
  }

  start(): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setInterval(() => this.sweep(), this.sweepIntervalMs);
    // The sweep alone must not keep a process alive that is otherwise done.
    this.sweepTimer.unref();
  }

  stop(): void {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
    this.lastSeenAtMs.clear();
  }

  /** The agent (re)registered on a live connection. */
  connected(agentId: string): void {
    this.cancelGrace(agentId);
    this.seen(agentId);
  }

  /** Any message from the agent. */
  seen(agentId: string): void {
    this.lastSeenAtMs.set(agentId, this.now());
  }

  /** Its connection dropped: it has `disconnectGraceMs` to come back. */
  disconnected(agentId: string): void {
    this.cancelGrace(agentId);
    const { disconnectGraceMs } = this.options;
    const timer = setTimeout(() => {
      this.graceTimers.delete(agentId);
      this.lose(agentId, `disconnected and not back within ${disconnectGraceMs} ms`);
    }, disconnectGraceMs);
    timer.unref();
    this.graceTimers.set(agentId, timer);
  }

  /** Stops watching an agent (it was lost or revoked). */
  forget(agentId: string): void {
    this.cancelGrace(agentId);
    this.lastSeenAtMs.delete(agentId);
  }

  /** Loses every agent silent for longer than `offlineAfterMs`. */
  sweep(): void {
    const now = this.now();
    for (const [agentId, lastSeen] of [...this.lastSeenAtMs]) {
      const silentMs = now - lastSeen;
      if (silentMs > this.options.offlineAfterMs) this.lose(agentId, `silent for ${silentMs} ms (limit ${this.options.offlineAfterMs} ms)`);
    }
  }

  private lose(agentId: string, reason: string): void {
    this.forget(agentId);
    this.options.onLost(agentId, reason);
  }

  private cancelGrace(agentId: string): void {
    const timer = this.graceTimers.get(agentId);
    if (timer) clearTimeout(timer);
    this.graceTimers.delete(agentId);
  }
}
