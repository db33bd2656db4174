import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AgentHeartbeat, AgentRegistration, DesktopSession, RegisterAck } from '@runtime-hub/protocol';
import type { AgentRow } from '@runtime-hub/db';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { Leases } from '../cluster/leases.service';
import { OnlineAgents } from '../cluster/online-agents';
import { ReplicaBus, type ReplicaMessage } from '../cluster/replica-bus';
import { ReplicaIdentity } from '../cluster/replica-identity';
import { ReplicaPresence } from '../cluster/replica-presence';
import { LiveEvents } from '../live/live.events';
import { AgentLifecycle } from './agent-lifecycle.events';
import { AgentLiveness } from './agent-liveness';
import { AgentLoadTracker } from './agent-load.tracker';
import { AgentMessageRefusedError } from './agent-message-refused.error';
import { onlineAgentRecord, toAgentRecord } from './agent-record';
import { AgentUpdateThrottle } from './agent-updates.throttle';
import { AgentRegistry, type OnlineAgent } from './agent-registry';
import { AgentsRepository } from './agents.repository';
import type { AgentSocket } from './agents.socket';

/**
 * The life of agent sessions: registration (enrollment or a known agent coming back),
 * heartbeats, disconnects, and losing an agent. Keeps the registry (memory), the `agents`
 * table, the liveness timers and the lifecycle listeners in step.
 *
 * With several replicas (docs/ARCHITECTURE.md, "Replicas"): each holds the connections of the
 * agents that reached it, writes them to the shared online list (cluster/online-agents.ts),
 * and tells the others when an agent registers (`moved`), so a replica whose agent went to
 * another drops it without losing it. An agent whose replica died and that comes back nowhere
 * is lost by the orphan sweep, on the replica holding its lease.
 */
@Injectable()
export class AgentSessions implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly liveness: AgentLiveness;
  /** Running tasks and heartbeats, shown live on the agents page (throttled per agent). */
  private readonly updates: AgentUpdateThrottle;
  private stopping = false;
  private orphanTimer: NodeJS.Timeout | undefined;
  private unsubscribeBus: (() => void) | undefined;
  private unsubscribeLapse: (() => void) | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AgentRegistry) private readonly registry: AgentRegistry,
    @Inject(AgentsRepository) private readonly repository: AgentsRepository,
    @Inject(AgentLifecycle) private readonly lifecycle: AgentLifecycle,
    @Inject(AgentLoadTracker) private readonly load: AgentLoadTracker,
    @Inject(LiveEvents) private readonly live: LiveEvents,
    @Inject(OnlineAgents) private readonly shared: OnlineAgents,
    @Inject(ReplicaBus) private readonly bus: ReplicaBus,
    @Inject(ReplicaIdentity) private readonly replica: ReplicaIdentity,
    @Inject(ReplicaPresence) private readonly presence: ReplicaPresence,
    @Inject(Leases) private readonly leases: Leases,
  ) {
    this.liveness = new AgentLiveness({
      offlineAfterMs: config.agents.offlineAfterMs,
      disconnectGraceMs: config.agents.disconnectGraceMs,
      onLost: (agentId, reason) => this.lose(agentId, reason),
    });
    this.updates = new AgentUpdateThrottle(config.agents.updateMinIntervalMs, (agentId) => this.publishLoad(agentId));
    this.load.onRunningChanged((agentId) => this.updates.changed(agentId));
  }

  /**
   * At start nobody is connected here yet: every agent is offline until it reconnects, except
   * those another live replica holds.
   */
  async onApplicationBootstrap(): Promise<void> {
    const heldElsewhere = await this.agentsOfLiveReplicas().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not read the agents other replicas hold; marking every agent offline');
      return [];
    });
    const marked = await this.repository.markAllOffline(heldElsewhere);
    if (marked > 0) this.logger.info({ agents: marked }, 'agents marked offline until they reconnect');
    this.liveness.start();
    this.unsubscribeBus = this.bus.subscribe((message) => this.onReplicaMessage(message));
    this.unsubscribeLapse = this.presence.onLapse(() => void this.reshareAfterLapse());
    const lease = this.leases.lease('agent-orphans');
    this.orphanTimer = setInterval(() => void (lease.admitsPass() && this.sweepOrphans()), this.liveness.sweepIntervalMs);
    this.orphanTimer.unref();
  }

  onModuleDestroy(): void {
    this.stopping = true;
    this.liveness.stop();
    this.updates.stop();
    this.unsubscribeBus?.();
    this.unsubscribeLapse?.();
    clearInterval(this.orphanTimer);
  }

  /**
   * `agent:register`. An enrollment creates a new agent with the key and labels of its
   * handshake, and never takes over an existing one: a name held by any agent (online,
   * offline or revoked) is refused, naming the holder and how an administrator frees it. A
   * signed-in agent (or one registering again on the connection it enrolled on) updates its
   * declaration; its labels stay as granted. Two hosts never share one identity.
   */
  async register(socket: AgentSocket, registration: AgentRegistration): Promise<RegisterAck> {
    const { auth } = socket.data;
    const holder = this.registry.byName(registration.name);
    const signedInAs = auth.type === 'signature' ? auth.agentId : socket.data.agentId;
    let row: AgentRow;
    if (signedInAs === undefined) {
      if (auth.type !== 'enroll') throw new AgentMessageRefusedError('UNAUTHORIZED', 'UNAUTHORIZED', 'agent:register: the handshake named no agent');
      if (holder?.socket) {
        this.logger.warn({ agent: registration.name, holderId: holder.id, enrollTokenId: auth.enrollTokenId }, 'registration refused: the name belongs to another agent');
        throw new AgentMessageRefusedError('CONFLICT', 'DUPLICATE_NAME', `an agent named "${registration.name}" is already online`);
      }
      const enrolled = await this.repository.enroll(registration, auth);
      if ('nameTakenBy' in enrolled) {
        const taken = enrolled.nameTakenBy;
        this.logger.warn({ agent: registration.name, holderId: taken.id, holderStatus: taken.status, enrollTokenId: auth.enrollTokenId }, 'registration refused: the name belongs to another agent');
        throw new AgentMessageRefusedError(
          'CONFLICT',
          'NAME_TAKEN',
          `the name "${registration.name}" belongs to agent ${taken.id} (${taken.status}); enroll under another name (--name), or an administrator frees it (runtime-hub agents remove ${taken.id})`,
        );
      }
      row = enrolled;
      const ignored = registration.labels.filter((label) => !row.labels.includes(label));
      this.logger.info({ agentId: row.id, agent: row.name, enrollTokenId: auth.enrollTokenId, withKey: auth.publicKey !== undefined, labels: row.labels, ignoredLabels: ignored }, 'agent enrolled');
    } else {
      if (holder && holder.id !== signedInAs) {
        this.logger.warn({ agentId: signedInAs, agent: registration.name, holderId: holder.id }, 'registration refused: the name belongs to another agent');
        throw new AgentMessageRefusedError('CONFLICT', 'DUPLICATE_NAME', `the name "${registration.name}" belongs to another online agent`);
      }
      const updated = await this.repository.markRegistered(signedInAs, registration);
      if (updated === 'name-taken') {
        throw new AgentMessageRefusedError('CONFLICT', 'DUPLICATE_NAME', `the name "${registration.name}" belongs to another agent`);
      }
      if (!updated) throw new AgentMessageRefusedError('UNAUTHORIZED', 'UNAUTHORIZED', `agent "${signedInAs}" is not enrolled`);
      if (updated.status === 'revoked') throw new AgentMessageRefusedError('REVOKED', 'REVOKED', `agent "${updated.name}" is revoked: an administrator must restore it`);
      row = updated;
    }
    this.goOnline(socket, row, registration);
    return { ok: true, agentId: row.id, heartbeatIntervalMs: this.config.agents.heartbeatIntervalMs, labels: [...row.labels] };
  }

  /**
   * An administrator set the agent's labels: an online agent is selected by them from now on,
   * and nodes waiting for such labels may go to it.
   */
  labelsChanged(agentId: string, labels: readonly string[], fromReplica = false): void {
    const agent = this.registry.get(agentId);
    if (!agent) {
      if (!fromReplica) this.bus.publish({ type: 'labels', agentId, labels });
      return;
    }
    const updated = { ...agent, labels: [...labels] };
    this.registry.put(updated);
    void this.share(updated);
    this.lifecycle.emitChanged(agentId);
  }

  /**
   * An administrator revoked the agent (the row is already `revoked`): it is told so
   * (`agent:error` REVOKED), disconnected at once, and lost like an agent that went away, so
   * the run engine moves its tasks. False when it was not online.
   */
  revoke(agentId: string, fromReplica = false): boolean {
    // Every other replica is told too: the agent may be held there (or on its way there).
    if (!fromReplica) this.bus.publish({ type: 'revoke', agentId });
    const agent = this.registry.get(agentId);
    if (!agent) return false;
    agent.socket?.emit('agent:error', { code: 'REVOKED', message: `agent "${agent.name}" was revoked by an administrator` });
    this.lose(agentId, 'revoked by an administrator');
    return true;
  }

  /** Any valid message: the agent is alive. */
  seen(agentId: string): void {
    this.liveness.seen(agentId);
  }

  heartbeat(agentId: string, heartbeat: AgentHeartbeat): void {
    const agent = this.registry.get(agentId);
    if (!agent) return;
    agent.lastHeartbeatAt = new Date();
    this.load.reported(agentId, heartbeat.runningTasks);
    this.updates.changed(agentId);
    this.repository.recordHeartbeat(agentId).catch((error: unknown) => this.logger.warn({ err: error, agentId }, 'could not store a heartbeat'));
    if (heartbeat.session && heartbeat.session !== agent.session) this.sessionChanged(agent, heartbeat.session);
  }

  /**
   * The agent's desktop session locked, unlocked, appeared or went: dashboards are told, and
   * the run engine re-plans (`changed`), so a desktop node waiting for an unlocked session
   * runs as soon as there is one.
   */
  private sessionChanged(agent: OnlineAgent, session: DesktopSession): void {
    this.logger.info({ agentId: agent.id, agent: agent.name, from: agent.session, to: session }, 'desktop session changed');
    agent.session = session;
    void this.share(agent);
    this.repository
      .findById(agent.id)
      .then((row) => row && this.live.agentUpdated(toAgentRecord(row, { online: true, runningTasks: this.load.running(agent.id), session })))
      .catch((error: unknown) => this.logger.warn({ err: error, agentId: agent.id }, 'could not publish a desktop session change'));
    this.lifecycle.emitChanged(agent.id);
  }

  /** The connection closed: unless the agent comes back within the grace period, it is lost. */
  socketClosed(socket: AgentSocket, reason: string): void {
    const agentId = socket.data.agentId;
    if (!agentId || this.stopping) return;
    const agent = this.registry.get(agentId);
    if (!agent || agent.socket !== socket) return;
    agent.socket = null;
    this.logger.info({ agentId, agent: agent.name, reason }, 'agent disconnected');
    this.liveness.disconnected(agentId);
  }

  /**
   * The agent is gone (silent, disconnected past the grace, revoked): out of the registry,
   * offline in the table, its connection closed if it still had one (it re-registers if it
   * is alive after all), and the run engine told so its tasks move.
   */
  lose(agentId: string, reason: string): void {
    const agent = this.registry.get(agentId);
    if (!agent) return;
    if (agent.socket) {
      this.lost(agentId, reason);
      return;
    }
    // Disconnected and not back here: it may have registered on another replica meanwhile.
    this.shared
      .holder(agentId)
      .then(async (holder) => {
        const elsewhere = holder !== undefined && holder !== this.replica.id && (await this.presence.alive([holder])).has(holder);
        if (this.registry.get(agentId) !== agent) return;
        if (elsewhere) this.dropMoved(agentId, holder);
        else this.lost(agentId, reason);
      })
      .catch(() => {
        if (this.registry.get(agentId) === agent) this.lost(agentId, reason);
      });
  }

  /** Lost for good: out of the registry and the shared list, offline, and the run engine moves its tasks. */
  private lost(agentId: string, reason: string): void {
    const agent = this.registry.delete(agentId);
    if (!agent) return;
    this.liveness.forget(agentId);
    this.load.forget(agentId);
    this.updates.forget(agentId);
    this.logger.warn({ agentId, agent: agent.name, reason }, 'agent lost');
    if (agent.socket) {
      agent.socket.data.agentId = undefined;
      agent.socket.disconnect(true);
    }
    this.shared.remove(agentId).catch((error: unknown) => this.logger.warn({ err: error, agentId }, 'could not remove a lost agent from the shared online list'));
    this.repository
      .markOffline(agentId)
      .then((row) => row && this.live.agentUpdated(toAgentRecord(row, { online: false, runningTasks: 0 })))
      .catch((error: unknown) => this.logger.warn({ err: error, agentId }, 'could not mark an agent offline'));
    this.lifecycle.emitLost(agentId);
  }

  private publishLoad(agentId: string): void {
    const agent = this.registry.get(agentId);
    if (agent) this.live.agentUpdated(onlineAgentRecord(agent, this.load.running(agentId)));
  }

  private goOnline(socket: AgentSocket, row: AgentRow, registration: AgentRegistration): void {
    const previous = this.registry.get(row.id);
    if (previous?.socket && previous.socket !== socket) {
      // The agent came back on a new connection before the old one was noticed as dead.
      previous.socket.data.agentId = undefined;
      previous.socket.disconnect(true);
    }
    const agent: OnlineAgent = {
      id: row.id,
      name: row.name,
      kind: row.kind,
      labels: row.labels,
      capabilities: row.capabilities,
      registration,
      session: registration.session ?? 'none',
      connectedAt: row.connectedAt,
      lastHeartbeatAt: row.lastHeartbeatAt,
      socket,
    };
    this.registry.put(agent);
    socket.data.agentId = row.id;
    this.liveness.connected(row.id);
    // Others are told once the shared list names this replica: they check it before dropping the agent.
    void this.share(agent).then(() => this.bus.publish({ type: 'moved', agentId: row.id, replica: this.replica.id }));
    this.logger.info({ agentId: row.id, agent: row.name, labels: row.labels, capabilities: row.capabilities }, 'agent online');
    this.live.agentUpdated(toAgentRecord(row, { online: true, runningTasks: this.load.running(row.id), session: agent.session }));
    this.lifecycle.emitOnline(row.id);
  }
  /** Writes the agent to the shared online list, so every replica may select it. */
  private share(agent: OnlineAgent): Promise<void> {
    const { id, name, kind, labels, capabilities, session } = agent;
    return this.shared.put({ id, name, kind, labels, capabilities, session }).catch((error: unknown) => this.logger.warn({ err: error, agentId: id }, 'could not share an online agent with the other replicas'));
  }

  /**
   * The agent registered on another replica: this one forgets it without losing it (its tasks
   * stay with it; the other replica's registration settled what it no longer holds).
   */
  private dropMoved(agentId: string, holder: string): void {
    const agent = this.registry.delete(agentId);
    if (!agent) return;
    this.liveness.forget(agentId);
    this.load.forget(agentId);
    this.updates.forget(agentId);
    this.logger.info({ agentId, agent: agent.name, replica: holder }, 'agent moved to another replica');
    if (agent.socket) {
      agent.socket.data.agentId = undefined;
      agent.socket.disconnect(true);
    }
    this.lifecycle.emitMoved(agentId);
  }

  private onReplicaMessage(message: ReplicaMessage): void {
    if (message.type === 'moved' && message.replica !== this.replica.id) this.movedElsewhere(message.agentId, message.replica);
    else if (message.type === 'revoke') this.revoke(message.agentId, true);
    else if (message.type === 'labels') this.labelsChanged(message.agentId, message.labels, true);
  }

  /**
   * Another replica says the agent registered there. Dropped here only if the shared list still
   * agrees: the agent may have come back here since that message was sent.
   */
  private movedElsewhere(agentId: string, replica: string): void {
    if (!this.registry.get(agentId)) return;
    this.shared
      .holder(agentId)
      .then((holder) => {
        if (holder === replica) this.dropMoved(agentId, replica);
      })
      .catch((error: unknown) => this.logger.warn({ err: error, agentId }, 'could not check where an agent moved; its grace period decides'));
  }

  /**
   * This replica was taken for dead (its presence expired) and its agents were lost by another
   * one, their tasks retried elsewhere. The agents are still connected here: they are shared and
   * marked online again, so they are selected again (what they ran meanwhile is refused as
   * superseded, as after any loss).
   */
  private async reshareAfterLapse(): Promise<void> {
    const agents = this.registry.all();
    this.logger.warn({ agents: agents.length, replica: this.replica.id }, 'this replica was taken for dead (its presence expired): sharing its agents again');
    for (const agent of agents) await this.share(agent);
    await this.repository.markOnline(agents.map((agent) => agent.id)).catch((error: unknown) => this.logger.warn({ err: error }, 'could not mark agents online again'));
  }

  /** Ids of the agents that live replicas other than this one hold. */
  private async agentsOfLiveReplicas(): Promise<string[]> {
    const entries = (await this.shared.all()).filter((entry) => entry.replica !== this.replica.id);
    const alive = await this.presence.alive(entries.map((entry) => entry.replica));
    return entries.filter((entry) => alive.has(entry.replica)).map((entry) => entry.id);
  }

  /**
   * Agents whose replica died and that registered nowhere since: lost here, so their tasks
   * move. Their replica's presence expired (RH_LEASE_TTL_MS) and they had that long to
   * reconnect to a live replica, which replaces their entry.
   */
  private async sweepOrphans(): Promise<void> {
    try {
      const entries = (await this.shared.all()).filter((entry) => entry.replica !== this.replica.id);
      if (entries.length === 0) return;
      const alive = await this.presence.alive(entries.map((entry) => entry.replica));
      for (const entry of entries) {
        if (alive.has(entry.replica) || this.registry.get(entry.id)) continue;
        this.logger.warn({ agentId: entry.id, agent: entry.name, replica: entry.replica }, 'agent lost with its replica');
        // Removed only if still the dead replica's entry: an agent that registered meanwhile is not lost.
        if (!(await this.shared.remove(entry.id, entry.replica))) continue;
        const row = await this.repository.markOffline(entry.id);
        if (row) this.live.agentUpdated(toAgentRecord(row, { online: false, runningTasks: 0 }));
        this.lifecycle.emitLost(entry.id);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'the sweep for agents of dead replicas failed; trying again at the next interval');
    }
  }
}
