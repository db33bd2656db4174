/**
 * Nonces of signed handshakes seen within the freshness window. A handshake whose timestamp
 * is outside the window is refused anyway, so a nonce need only be remembered for as long as
 * its handshake could still be accepted: twice the allowed skew (before and after "now").
 * In memory: one coordinator holds every agent connection (see agent-registry.ts).
 */
export class AgentAuthNonces {
  private readonly seenUntilMs = new Map<string, number>();

  constructor(
    private readonly maxSkewMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `timestampMs` is within the allowed skew of this coordinator's clock. */
  fresh(timestampMs: number): boolean {
    return Math.abs(this.now() - timestampMs) <= this.maxSkewMs;
  }

  seen(agentId: string, nonce: string): boolean {
    this.prune();
    return this.seenUntilMs.has(`${agentId}/${nonce}`);
  }

  /** Remembers a nonce of a handshake that was accepted. */
  remember(agentId: string, nonce: string): void {
    this.seenUntilMs.set(`${agentId}/${nonce}`, this.now() + 2 * this.maxSkewMs);
  }

  get size(): number {
    return this.seenUntilMs.size;
  }

  private prune(): void {
    // Every nonce is kept for the same time, so the map (in insertion order) expires from its start.
    const now = this.now();
    for (const [key, until] of this.seenUntilMs) {
      if (until >= now) break;
      this.seenUntilMs.delete(key);
    }
  }
}
