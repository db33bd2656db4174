import { Injectable } from '@nestjs/common';

/**
 * How busy each agent is, for least-loaded selection: tasks dispatched to its queue and not
 * yet claimed, plus tasks it runs. Kept in memory (one coordinator); a restarted coordinator
 * starts from the agents' next heartbeats.
 *
 * Queued tasks are tracked by job id: dispatch adds one, a claim (granted or refused) or a
 * removal takes it away. Running tasks are what the agent reported in its last heartbeat
 * (the authority: it knows which tasks finished) plus the claims granted since, so a burst
 * of dispatches between two heartbeats still spreads over the agents.
 */
@Injectable()
export class AgentLoadTracker {
  private readonly queued = new Map<string, Set<string>>();
  private readonly reportedRunning = new Map<string, number>();
  private readonly claimedSinceReport = new Map<string, number>();
  private readonly runningListeners = new Set<(agentId: string) => void>();

  /**
   * Called with the agent's id when a granted claim adds to its running tasks. A heartbeat's
   * count is not announced here: whoever passes it to `reported` knows it came.
   */
  onRunningChanged(listener: (agentId: string) => void): () => void {
    this.runningListeners.add(listener);
    return () => this.runningListeners.delete(listener);
  }

  dispatched(agentId: string, jobId: string): void {
    let jobs = this.queued.get(agentId);
    if (!jobs) this.queued.set(agentId, (jobs = new Set()));
    jobs.add(jobId);
  }

  /** The job left the queue without being claimed (cancelled, moved to another agent). */
  removed(agentId: string, jobId: string): void {
    this.queued.get(agentId)?.delete(jobId);
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
    this.reportedRunning.delete(agentId);
    this.claimedSinceReport.delete(agentId);
  }

  running(agentId: string): number {
    return (this.reportedRunning.get(agentId) ?? 0) + (this.claimedSinceReport.get(agentId) ?? 0);
  }

  load(agentId: string): number {
    return (this.queued.get(agentId)?.size ?? 0) + this.running(agentId);
  }

  private runningChanged(agentId: string): void {
    for (const listener of this.runningListeners) listener(agentId);
  }
}
