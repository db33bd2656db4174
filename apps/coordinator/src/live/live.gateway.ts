import { PERMISSIONS, allows } from '@runtime-hub/protocol';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Socket } from 'socket.io';
import {
  invalidMessageAck,
  LIVE_INBOUND_SCHEMAS,
  LIVE_NAMESPACE,
  type AckFailure,
  type EventPayload,
  type LiveClientToServerEvents,
} from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { RateLimitedError } from '../edge/rate-limited.error';
import { RateLimiter } from '../edge/rate-limiter.service';
import { SourceAddress } from '../edge/source-address';
import { LOGGER, type Logger } from '../logging/logger';
import { connectRefusal, rateLimitedRefusal } from './connect-refusal';
import type { LiveSocketData } from './live-auth.recheck';
import { AGENTS_ROOM, RUNS_ROOM, runRoom, workflowRunsRoom } from './live-rooms';
import { LiveTokenVerifier } from './live-token.verifier';
import { RUN_SNAPSHOTS, type RunSnapshots } from './live.ports';
import { inboundMessageProblem, splitAck } from './socket-message';
import { SocketServer } from './socket-server.service';

type LiveEvent = keyof LiveClientToServerEvents;

/**
 * `/live`: dashboards. A connection authenticates with an API token (`auth: { token }`),
 * then joins rooms: `run:subscribe` (one run: summary, nodes, logs, progress; followed by its
 * `run:snapshot` from the run engine), `runs:subscribe` (the run list, or one
 * workflow's), `agents:subscribe` (the agent list). Every message passes the edge checks
 * (size, unsafe input), then its token is checked again (a revoked or expired token's
 * connection is closed; live-auth.recheck.ts covers connections that only listen), then it is
 * parsed with its schema, and acknowledged with `{ ok: true }` or an error naming what was wrong.
 * An unknown event is answered INVALID_MESSAGE. Refused tokens at the handshake count towards RH_RATE_LIMIT_API_AUTH (per address, per token).
 */
@Injectable()
export class LiveGateway implements OnApplicationBootstrap {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SocketServer) private readonly sockets: SocketServer,
    @Inject(LiveTokenVerifier) private readonly tokens: LiveTokenVerifier,
    @Inject(RUN_SNAPSHOTS) private readonly snapshots: RunSnapshots,
    @Inject(SourceAddress) private readonly addresses: SourceAddress,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
  ) {}

  onApplicationBootstrap(): void {
    const live = this.sockets.server.of(LIVE_NAMESPACE);
    live.use((socket, next) => {
      this.authenticate(socket).then(
        (refusal) => next(refusal),
        (error: unknown) => {
          if (error instanceof RateLimitedError) return next(rateLimitedRefusal(error));
          this.logger.error({ err: error }, 'could not check a /live token');
          next(connectRefusal('UNAVAILABLE', 'could not check the token: try again'));
        },
      );
    });
    live.on('connection', (socket) => this.connected(socket));
  }

  /** Undefined when the token is valid (the connection then knows its token id), else the refusal. */
  private async authenticate(socket: Socket): Promise<Error | undefined> {
    const token = handshakeToken(socket);
    if (token === undefined) return connectRefusal('AUTH_INVALID', 'missing token: connect with auth { token: <API token> }');
    const attempt = { address: this.addresses.of(socket.request), subject: token };
    await this.limiter.check('apiAuth', attempt);
    const principal = await this.tokens.verify(token);
    if (!principal) {
      await this.limiter.failed('apiAuth', attempt);
      return connectRefusal('AUTH_FAILED', 'API token refused (unknown, revoked or expired)');
    }
    if (!allows(principal.role, 'live.subscribe')) return connectRefusal('AUTH_FAILED', `"live.subscribe" needs the role "${PERMISSIONS['live.subscribe']}" or higher`);
    (socket.data as LiveSocketData).tokenId = principal.tokenId;
    return undefined;
  }

  private connected(socket: Socket): void {
    this.on(socket, 'run:subscribe', async ({ runId }) => {
      await socket.join(runRoom(runId));
      void this.sendSnapshot(socket, runId);
    });
    this.on(socket, 'run:unsubscribe', ({ runId }) => socket.leave(runRoom(runId)));
    this.on(socket, 'runs:subscribe', ({ workflowId }) => socket.join(workflowId ? workflowRunsRoom(workflowId) : RUNS_ROOM));
    this.on(socket, 'runs:unsubscribe', ({ workflowId }) => socket.leave(workflowId ? workflowRunsRoom(workflowId) : RUNS_ROOM));
    this.on(socket, 'agents:subscribe', () => socket.join(AGENTS_ROOM));
    this.on(socket, 'agents:unsubscribe', () => socket.leave(AGENTS_ROOM));
    socket.onAny((event: unknown, ...rest: unknown[]) => {
      if (typeof event === 'string' && Object.hasOwn(LIVE_INBOUND_SCHEMAS, event)) return;
      splitAck(rest).ack?.({ ok: false, error: { code: 'INVALID_MESSAGE', message: `unknown event "${String(event)}"` } });
    });
  }

  /** Whether the handshake's token still authenticates (checked at every message, not cached); undefined: could not tell. */
  private async stillSignedIn(socket: Socket): Promise<boolean | undefined> {
    const token = handshakeToken(socket);
    try {
      return token !== undefined && (await this.tokens.verify(token)) !== undefined;
    } catch (error) {
      this.logger.warn({ err: error }, 'could not check the token of a /live message; refusing it');
      return undefined;
    }
  }

  private async sendSnapshot(socket: Socket, runId: string): Promise<void> {
    try {
      const run = await this.snapshots.record(runId);
      if (run) socket.emit('run:snapshot', run);
    } catch (error) {
      this.logger.warn({ err: error, runId }, 'could not read a run snapshot for /live');
    }
  }

  private on<E extends LiveEvent>(
    socket: Socket,
    event: E,
    handle: (payload: EventPayload<LiveClientToServerEvents, E>) => Promise<void> | void,
  ): void {
    const limits = { maxMessageBytes: this.config.sockets.maxMessageBytes, maxJsonDepth: this.config.http.maxJsonDepth };
    socket.on(event as string, async (...args: unknown[]) => {
      const { payload, ack } = splitAck(args);
      const refuse = (failure: AckFailure) => ack?.(failure);
      const problem = inboundMessageProblem(event, payload, limits);
      if (problem) return refuse({ ok: false, error: problem });
      const signedIn = await this.stillSignedIn(socket);
      if (signedIn === undefined) return refuse({ ok: false, error: { code: 'INTERNAL', message: `${event}: could not check the token of this connection: try again` } });
      if (!signedIn) {
        refuse({ ok: false, error: { code: 'UNAUTHORIZED', message: `${event}: the token of this connection was revoked or expired: connect again with a valid one` } });
        socket.disconnect(true);
        return;
      }
      const parsed = LIVE_INBOUND_SCHEMAS[event].safeParse(payload);
      if (!parsed.success) return refuse(invalidMessageAck(event, parsed.error));
      try {
        await handle(parsed.data as EventPayload<LiveClientToServerEvents, E>);
        ack?.({ ok: true });
      } catch (error) {
        this.logger.error({ err: error, event }, 'a /live message failed');
        refuse({ ok: false, error: { code: 'INTERNAL', message: `${event}: the coordinator failed to handle it` } });
      }
    });
  }
}

function handshakeToken(socket: Socket): string | undefined {
  const auth: unknown = socket.handshake.auth;
  const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
  return typeof token === 'string' && token !== '' ? token : undefined;
}
