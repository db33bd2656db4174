import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  AGENTS_INBOUND_SCHEMAS,
  AGENTS_NAMESPACE,
  invalidMessageAck,
  type AckError,
  type AgentError,
  type AgentsClientToServerEvents,
  type EventPayload,
  type BundledResult,
  type NodeResult,
} from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { SourceAddress } from '../edge/source-address';
import { LOGGER, type Logger } from '../logging/logger';
import { connectRefusal } from '../live/connect-refusal';
import { LiveEvents } from '../live/live.events';
import { inboundMessageProblem, splitAck } from '../live/socket-message';
import { SocketServer } from '../live/socket-server.service';
import { AgentHandshake } from './agent-handshake';
import { AgentMessageRefusedError } from './agent-message-refused.error';
import { AgentSessions } from './agent-sessions.service';
import { AGENT_TASK_ENGINE, type AgentTaskEngine } from './agent-task.ports';
import { AgentTelemetryWriter } from './agent-telemetry.writer';
import { ConcurrencyGate } from './concurrency-gate';
import { PendingResults, pendingResultKey } from './pending-results';
import { TaskDelivery } from './task-delivery.service';
import { DeliveredSecrets } from '../secrets/delivered-secrets';
import type { AgentSocket, AgentsNamespace } from './agents.socket';

type Events = AgentsClientToServerEvents;
type AgentEvent = keyof Events;
type Payload<E extends AgentEvent> = EventPayload<Events, E>;
/** What an event's ack carries; void for events sent without an ack. */
type AckOf<E extends AgentEvent> = Parameters<Events[E]> extends [unknown, (response: infer Response) => void] ? Response : void;
type Handler<E extends AgentEvent> = (payload: Payload<E>, agentId: string) => Promise<AckOf<E> | void> | AckOf<E> | void;

const AGENT_ERROR_CODES: Readonly<Record<AckError['code'], AgentError['code']>> = {
  INVALID_MESSAGE: 'INVALID_MESSAGE',
  UNAUTHORIZED: 'UNAUTHORIZED',
  REVOKED: 'REVOKED',
  NOT_FOUND: 'INVALID_MESSAGE',
  CONFLICT: 'INVALID_MESSAGE',
  INTERNAL: 'INTERNAL',
};

/**
 * `/agents`: the control channel of worker and Python agents.
 *
 *   1. Handshake (namespace middleware, agent-handshake.ts): `auth: { enrollToken, publicKey }`
 *      the first time, a signed `{ agentId, timestampMs, nonce, signature }` after. A refusal
 *      is a connect error naming what is wrong, with `data.code` saying what kind.
 *   2. `agent:register` first; nothing else is accepted before it succeeded.
 *   3. Every message: size limit and unsafe input (socket-message.ts), then its zod schema, then the handler. A refused message
 *      gets `agent:error` and, when the agent asked for one, a failed ack. A handler that
 *      fails answers INTERNAL; nothing an agent sends can throw out of the gateway.
 *
 * The agent a message speaks for is the one its connection registered as, never a field of
 * the message: an agent claims, logs and reports only for itself.
 */
@Injectable()
export class AgentsGateway implements OnApplicationBootstrap {
  /**
   * Ownership look-ups of results (a database statement each) at once: after a restart every
   * agent sends its results again, and none was delivered by this process. Recording itself is
   * bounded by the run engine (transactions of results at once).
   */
  private readonly lookups: ConcurrencyGate;
  private readonly pendingResults = new PendingResults();

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SocketServer) private readonly sockets: SocketServer,
    @Inject(AgentSessions) private readonly sessions: AgentSessions,
    @Inject(AgentHandshake) private readonly handshake: AgentHandshake,
    @Inject(AGENT_TASK_ENGINE) private readonly engine: AgentTaskEngine,
    @Inject(TaskDelivery) private readonly delivery: TaskDelivery,
    @Inject(AgentTelemetryWriter) private readonly telemetry: AgentTelemetryWriter,
    @Inject(LiveEvents) private readonly live: LiveEvents,
    @Inject(SourceAddress) private readonly addresses: SourceAddress,
    @Inject(DeliveredSecrets) private readonly delivered: DeliveredSecrets,
  ) {
    this.lookups = new ConcurrencyGate(config.runs.resultsConcurrency);
  }

  onApplicationBootstrap(): void {
    const agents = this.sockets.server.of(AGENTS_NAMESPACE) as unknown as AgentsNamespace;
    agents.use((socket, next) => {
      this.handshake.check(socket.handshake.auth, this.addresses.of(socket.request)).then(
        (outcome) => {
          if (outcome.ok) {
            socket.data.auth = outcome.auth;
            return next();
          }
          next(connectRefusal(outcome.code, outcome.message, outcome.retryAfterMs));
        },
        (error: unknown) => {
          this.logger.error({ err: error }, 'could not check an agent handshake');
          next(connectRefusal('UNAVAILABLE', 'could not check the handshake: try again'));
        },
      );
    });
    agents.on('connection', (socket) => this.connected(socket));
  }

  private connected(socket: AgentSocket): void {
    this.on(socket, 'agent:register', (registration) => this.sessions.register(socket, registration));
    this.on(socket, 'agent:heartbeat', (heartbeat, agentId) => this.sessions.heartbeat(agentId, heartbeat));
    // What comes back about a task that carried secrets is masked before anything stores or publishes it.
    this.on(socket, 'agent:log', (log, agentId) => this.live.log(log.runId, { ...log, line: this.delivered.maskText({ agentId, ...log }, log.line), agentId }));
    this.on(socket, 'task:progress', (progress, agentId) =>
      this.live.taskProgress({ ...progress, ...(progress.message !== undefined ? { message: this.delivered.maskText({ agentId, ...progress }, progress.message) } : {}), agentId }),
    );
    this.on(socket, 'task:result', (result, agentId) =>
      this.pendingResults.run(pendingResultKey(agentId, result), () => this.recordResult(this.maskResult(result, agentId), agentId)),
    );
    this.on(socket, 'agent:metrics', (batch, agentId) => this.telemetry.writeMetrics(agentId, batch));
    this.on(socket, 'agent:traces', (batch, agentId) => this.telemetry.writeTraces(agentId, batch));
    socket.onAny((event: unknown, ...rest: unknown[]) => {
      if (typeof event === 'string' && Object.hasOwn(AGENTS_INBOUND_SCHEMAS, event)) return;
      const { ack } = splitAck(rest);
      this.refuse(socket, String(event), ack, { code: 'INVALID_MESSAGE', message: `unknown event "${String(event)}"` });
    });
    socket.on('disconnect', (reason) => this.sessions.socketClosed(socket, reason));
  }

  private on<E extends AgentEvent>(socket: AgentSocket, event: E, handle: Handler<E>): void {
    const limits = { maxMessageBytes: this.config.sockets.maxMessageBytes, maxJsonDepth: this.config.http.maxJsonDepth };
    const schema = AGENTS_INBOUND_SCHEMAS[event];
    const listener = async (...args: unknown[]) => {
      const { payload, ack } = splitAck(args);
      const problem = inboundMessageProblem(event, payload, limits);
      if (problem) return this.refuse(socket, event, ack, problem);
      const agentId = socket.data.agentId;
      if (event !== 'agent:register' && !agentId) {
        return this.refuse(socket, event, ack, { code: 'UNAUTHORIZED', message: `${event}: register first (agent:register)` });
      }
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return this.refuse(socket, event, ack, invalidMessageAck(event, parsed.error).error);
      if (agentId) this.sessions.seen(agentId);
      try {
        const response = await handle(parsed.data as Payload<E>, agentId ?? '');
        ack?.(response ?? { ok: true });
      } catch (error) {
        if (error instanceof AgentMessageRefusedError) {
          return this.refuse(socket, event, ack, { code: error.ackCode, message: error.message }, error.agentCode);
        }
        this.logger.error({ err: error, event, agentId }, 'an agent message failed');
        this.refuse(socket, event, ack, { code: 'INTERNAL', message: `${event}: the coordinator failed to handle it; send it again` });
      }
    };
    const guarded = (...args: unknown[]) => {
      listener(...args).catch((error: unknown) => this.logger.error({ err: error, event }, 'an agent message could not be answered'));
    };
    (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(event, guarded);
  }

  /**
   * `task:result`: only for a task the run engine gave this agent, and only in this agent's
   * name; recorded once (the engine's conditional update on the attempt), acknowledged after.
   * A copy sent again while the first still waits joins it (pending-results.ts). The task's
   * slot is free as soon as its result is here, before it is recorded: the agent freed it
   * when the task ended and keeps the result until it is acknowledged, so its next task does
   * not wait for this one's transaction. A result refused for good frees its slot too.
   */
  private async recordResult(result: NodeResult, agentId: string): Promise<void> {
    const ref = { runId: result.runId, nodeId: result.nodeId, attempt: result.attempt };
    if (result.agentId !== agentId) {
      this.logger.warn({ agentId, claimedAgentId: result.agentId, runId: result.runId, nodeId: result.nodeId }, 'refused a result sent on behalf of another agent');
      throw new AgentMessageRefusedError('UNAUTHORIZED', 'UNAUTHORIZED', `task:result: agent "${agentId}" cannot report a result of agent "${result.agentId}"`);
    }
    // A task this coordinator handed to this agent is the agent's: the database is asked only otherwise
    // (delivered by another replica, or before a restart).
    const assigned = this.delivery.delivers(agentId, ref) || (await this.lookups.run(() => this.engine.isAssigned({ runId: result.runId, nodeId: result.nodeId, agentId })));
    if (!assigned) {
      this.delivery.finished(agentId, ref);
      throw this.notAssigned('task:result', agentId, result);
    }
    this.delivery.finished(agentId, ref);
    await this.engine.record(result);
  }

  /**
   * The result with the secrets delivered with its task masked in its output or error (ids are
   * left alone), and in its bundle's results: its steps ran in the same process tree's wake.
   */
  private maskResult(result: NodeResult, agentId: string): NodeResult {
    const ref = { ...result, agentId };
    const masked = <R extends BundledResult>(one: R): R =>
      one.status === 'succeeded' ? { ...one, output: this.delivered.mask(ref, one.output) } : { ...one, error: this.delivered.mask(ref, one.error) };
    if (result.status === 'failed' || result.bundle === undefined) return masked(result);
    return { ...masked(result), bundle: result.bundle.map(masked) };
  }

  /** A result for a task the run engine never gave this agent: refused, logged, nothing recorded. */
  private notAssigned(event: string, agentId: string, task: { runId: string; nodeId: string; attempt: number }): AgentMessageRefusedError {
    this.logger.warn({ event, agentId, runId: task.runId, nodeId: task.nodeId, attempt: task.attempt }, 'refused a message about a task not assigned to this agent');
    return new AgentMessageRefusedError(
      'UNAUTHORIZED',
      'NOT_ASSIGNED',
      `${event}: node ${task.nodeId} of run ${task.runId} is not assigned to agent "${agentId}"`,
    );
  }

  /** `agent:error` to the agent, and a failed ack in the shape its event's ack has. */
  private refuse(
    socket: AgentSocket,
    event: string,
    ack: ((response: unknown) => void) | undefined,
    error: AckError,
    agentCode: AgentError['code'] = AGENT_ERROR_CODES[error.code],
  ): void {
    this.logger.debug({ event, agentId: socket.data.agentId, code: error.code, message: error.message }, 'agent message refused');
    socket.emit('agent:error', { code: agentCode, message: error.message });
    ack?.({ ok: false, error });
  }
}
