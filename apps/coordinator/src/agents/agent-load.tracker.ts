import { Inject, Injectable } from '@nestjs/common';
import { AgentRegistry } from './agent-registry';

/**
 * How long a task dispatched here to an agent held by another replica counts towards that
 * agent's load here: about the time its replica takes to deliver it. This replica never sees
 * that claim, so the entry must expire; after it, the agent's replica knows the task and this
 * one forgets it. Without it, a burst dispatched here would all go to the same remote agent.
 */
export const REMOTE_DISPATCH_ESTIMATE_MS = 2_000;

/**
 * How busy each agent is, for least-loaded selection: tasks dispatched to its queue and not
 * yet claimed, plus tasks it runs. Kept in memory (one coordinator); a restarted coordinator
 * starts from the agents' next heartbeats.
 *
 * Queued tasks are tracked by job id: dispatch adds one, a claim (granted or refused) or a
 * removal takes it away. Running tasks are what the agent reported in its last heartbeat
 * (the authority: it knows which tasks finished) plus the claims granted since, so a burst
 * of dispatches between two heartbeats still spreads over the agents.
 *
 * An agent held by another replica: its running tasks are reported there, so here its load
 * is what this replica dispatched to it within the last REMOTE_DISPATCH_ESTIMATE_MS.
 */
@Injectable()
export class AgentLoadTracker {
  private readonly queued = new Map<string, Set<string>>();
  private readonly reportedRunning = new Map<string, number>();
  private readonly claimedSinceReport = new Map<string, number>();
  private readonly runningListeners = new Set<(agentId: string) => void>();
  /** Tasks dispatched here to agents held elsewhere: agent -> job -> when it stops counting. */
  private readonly remoteQueued = new Map<string, Map<string, number>>();

  /** The clock of the remote estimates; a spec sets its own. */
  now: () => number = Date.now;

  constructor(@Inject(AgentRegistry) private readonly registry: AgentRegistry) {}

  /**
   * Called with the agent's id when a granted claim adds to its running tasks. A heartbeat's
   * count is not announced here: whoever passes it to `reported` knows it came.
   */
  onRunningChanged(listener: (agentId: string) => void): () => void {
    this.runningListeners.add(listener);
    return () => this.runningListeners.delete(listener);
  }

  dispatched(agentId: string, jobId: string): void {
    if (!this.registry.get(agentId)) {
      let remote = this.remoteQueued.get(agentId);
      if (!remote) this.remoteQueued.set(agentId, (remote = new Map()));
      remote.set(jobId, this.now() + REMOTE_DISPATCH_ESTIMATE_MS);
      return;
    }
    let jobs = this.queued.get(agentId);
    if (!jobs) this.queued.set(agentId, (jobs = new Set()));
    jobs.add(jobId);
  }

  /** The job left the queue without being claimed (cancelled, moved to another agent). */
  removed(agentId: string, jobId: string): void {
    this.queued.get(agentId)?.delete(jobId);
    this.remoteQueued.get(agentId)?.delete(jobId);
  }

  claimed(agentId: string, jobId: string, granted: boolean): void {
    this.removed(agentId, jobId);
    if (!granted) return;
    this.claimedSinceReport.set(agentId, (this.claimedSinceReport.get(agentId) ?? 0) + 1);
    this.runningChanged(agentId);
  }

  /** A heartbeat: the agent's own count of the tasks it runs. */
  reported(agentId: string, runningTasks: number): void {
    this.reportedRunning.set(agentId, runningTasks);
    this.claimedSinceReport.delete(agentId);
  }

  /** The agent is gone: its queued tasks move elsewhere and its running ones are retried. */
  forget(agentId: string): void {
    this.queued.delete(agentId);
    this.remoteQueued.delete(agentId);
    this.reportedRunning.delete(agentId);
    this.claimedSinceReport.delete(agentId);
  }

  running(agentId: string): number {
    return (this.reportedRunning.get(agentId) ?? 0) + (this.claimedSinceReport.get(agentId) ?? 0);
  }

  load(agentId: string): number {
    return (this.queued.get(agentId)?.size ?? 0) + this.remoteLoad(agentId) + this.running(agentId);
  }

  private remoteLoad(agentId: string): number {
    const remote = this.remoteQueued.get(agentId);
    if (!remote) return 0;
    const now = this.now();
    // Entries expire in the order they were added (one fixed estimate): prune from the front.
    for (const [jobId, until] of remote) {
      if (until > now) break;
      remote.delete(jobId);
    }
    if (remote.size === 0) this.remoteQueued.delete(agentId);
    return remote.size;
  }

  private runningChanged(agentId: string): void {
    for (const listener of this.runningListeners) listener(agentId);
  }
}
