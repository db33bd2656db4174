import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import { ReplicaPresence } from '../cluster/replica-presence';
import {
  LIVE_NAMESPACE,
  type AgentMetricsUpdate,
  type AgentRecord,
  type LiveClientToServerEvents,
  type LiveSessionServerToClientEvents,
  type NodeRunRecord,
  type RunLogRecord,
  type RunSummary,
  type TaskProgressUpdate,
} from '@runtime-hub/protocol';
import { LOGGER, type Logger } from '../logging/logger';
import { AGENTS_ROOM, RUNS_ROOM, runRoom, workflowRunsRoom } from './live-rooms';
import type { LivePublisher } from './live.ports';
import { RunLogWriter, type LogLine } from './run-log.writer';
import { SocketServer } from './socket-server.service';

export type LiveNamespace = Namespace<LiveClientToServerEvents, LiveSessionServerToClientEvents>;
export type RunUpdateListener = (run: RunSummary) => void;

/**
 * Publishes to dashboards on `/live` (LIVE_PUBLISHER, plus what the agents module reports:
 * agent updates and task progress). Every method returns at once and never throws into its
 * caller: a dashboard missing an update re-reads the run, a run must not fail for it.
 *
 * Log lines go through the RunLogWriter first: they are shown once stored, with the id that
 * `GET /api/runs/:id/logs` pages by.
 */
@Injectable()
export class LiveEvents implements LivePublisher {
  private readonly runListeners = new Set<RunUpdateListener>();

  constructor(
    @Inject(SocketServer) private readonly sockets: SocketServer,
    @Inject(RunLogWriter) private readonly logs: RunLogWriter,
    @Inject(LOGGER) private readonly logger: Logger,
    /** Absent where a test boots the live module without the cluster one: alone, then. */
    @Optional() @Inject(ReplicaPresence) private readonly presence?: ReplicaPresence,
  ) {
    this.logs.onStored((records) => {
      for (const record of records) this.logRecorded(record);
    });
  }

  runUpdated(run: RunSummary): void {
    this.runReannounced(run);
    for (const listener of this.runListeners) {
      try {
        listener(run);
      } catch (error) {
        this.logger.warn({ err: error, runId: run.id }, 'a run update listener failed');
      }
    }
  }

  /**
   * Sends a run's state to dashboards again, without telling this process's listeners (they
   * act on changes this process made): run-ends.reannouncer.ts.
   */
  runReannounced(run: RunSummary): void {
    this.publish('run:updated', (live) => live.to([runRoom(run.id), RUNS_ROOM, workflowRunsRoom(run.workflowId)]).emit('run:updated', run));
  }

  /**
   * Calls `listener` with every run update this process publishes, until the returned
   * function is called. For waits inside the coordinator (`POST /api/runs?waitMs=`); a
   * replica sees only the updates it made itself, so such a wait also re-reads the run.
   */
  onRunUpdated(listener: RunUpdateListener): () => void {
    this.runListeners.add(listener);
    return () => this.runListeners.delete(listener);
  }

  nodeUpdated(node: NodeRunRecord): void {
    this.publish('node:updated', (live) => live.to(runRoom(node.runId)).emit('node:updated', node));
  }

  /**
   * Rooms as this process's Socket.IO adapter knows them: every room while this replica is
   * alone. With other replicas alive, a dashboard on one of them may watch the run, so the
   * answer is true (each change then costs a read of the changed nodes). When the adapter
   * cannot say, the answer is true: a needless read beats a dashboard left stale.
   */
  watchesRun(runId: string): boolean {
    if (this.presence?.othersAlive) return true;
    try {
      return (this.sockets.server.of(LIVE_NAMESPACE).adapter.rooms.get(runRoom(runId))?.size ?? 0) > 0;
    } catch {
      return true;
    }
  }

  /** Stores the line (batched), then shows it to the run's room. */
  log(runId: string, log: LogLine): void {
    this.publish('run:log', () => this.logs.add({ ...log, runId }));
  }

  agentUpdated(agent: AgentRecord): void {
    this.publish('agent:updated', (live) => live.to(AGENTS_ROOM).emit('agent:updated', agent));
  }

  /** A Python agent's stored metric samples, to the agent list (live sparklines). */
  agentMetrics(update: AgentMetricsUpdate): void {
    this.publish('agent:metrics', (live) => live.to(AGENTS_ROOM).emit('agent:metrics', update));
  }

  taskProgress(progress: TaskProgressUpdate): void {
    this.publish('task:progress', (live) => live.to(runRoom(progress.runId)).emit('task:progress', progress));
  }

  private logRecorded(record: RunLogRecord): void {
    this.publish('run:log', (live) => live.to(runRoom(record.runId)).emit('run:log', record));
  }

  private publish(event: string, send: (live: LiveNamespace) => void): void {
    try {
      send(this.sockets.server.of(LIVE_NAMESPACE) as LiveNamespace);
    } catch (error) {
      this.logger.warn({ err: error, event }, 'could not publish a live update');
    }
  }
}
