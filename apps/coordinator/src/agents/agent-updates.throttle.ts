/**
 * `agent:updated` for what changes all the time (running tasks, heartbeats), at most once per
 * agent per `minIntervalMs`. The first change after a quiet spell goes out at once; changes
 * within the interval are folded into one sent when it ends, so the last state is always
 * shown. What is sent is read when it is sent (`send(agentId)`), never a stale copy.
 */

export interface ThrottleTimer {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

const SYSTEM_TIMER: ThrottleTimer = {
  set: (callback, delayMs) => {
    const handle = setTimeout(callback, delayMs);
    // A pending update must not keep a coordinator alive that is otherwise done.
    handle.unref();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

export class AgentUpdateThrottle {
  private readonly sentAtMs = new Map<string, number>();
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly minIntervalMs: number,
    private readonly send: (agentId: string) => void,
    private readonly timer: ThrottleTimer = SYSTEM_TIMER,
  ) {}

  changed(agentId: string): void {
    if (this.pending.has(agentId)) return;
    const last = this.sentAtMs.get(agentId);
    const waitMs = last === undefined ? 0 : last + this.minIntervalMs - this.timer.now();
    if (waitMs <= 0) return this.sendNow(agentId);
    this.pending.set(
      agentId,
      this.timer.set(() => {
        this.pending.delete(agentId);
        this.sendNow(agentId);
      }, waitMs),
    );
  }

  /** The agent is gone: nothing more is sent for it. */
  forget(agentId: string): void {
    const handle = this.pending.get(agentId);
    if (handle !== undefined) this.timer.clear(handle);
    this.pending.delete(agentId);
    this.sentAtMs.delete(agentId);
  }

  stop(): void {
    for (const agentId of [...this.pending.keys()]) this.forget(agentId);
    this.sentAtMs.clear();
  }

  private sendNow(agentId: string): void {
    this.sentAtMs.set(agentId, this.timer.now());
    this.send(agentId);
  }
}
