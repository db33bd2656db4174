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
import { LOGGER, type Logger } from '../logging/logger';
import { AGENTS_ROOM, RUNS_ROOM, runRoom, workflowRunsRoom } from './live-rooms';
import { LiveTokenVerifier } from './live-token.verifier';
import { RunSnapshots } from './run-snapshots';
import { messageBytes, splitAck, tooLargeMessage } from './socket-message';
import { SocketServer } from './socket-server.service';

type LiveEvent = keyof LiveClientToServerEvents;

/**
 * `/live`: dashboards. A connection authenticates with an API token (`auth: { token }`),
 * then joins rooms: `run:subscribe` (one run: summary, nodes, logs, progress; followed by a
 * `run:snapshot` when the run engine can give one), `runs:subscribe` (the run list, or one
 * workflow's), `agents:subscribe` (the agent list). Every message is parsed with its schema
 * and acknowledged with `{ ok: true }` or an error naming what was wrong.
 */
@Injectable()
export class LiveGateway implements OnApplicationBootstrap {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SocketServer) private readonly sockets: SocketServer,
    @Inject(LiveTokenVerifier) private readonly tokens: LiveTokenVerifier,
    @Inject(RunSnapshots) private readonly snapshots: RunSnapshots,
  ) {}

  onApplicationBootstrap(): void {
    const live = this.sockets.server.of(LIVE_NAMESPACE);
    live.use((socket, next) => {
      this.authenticate(socket).then(
        (problem) => next(problem ? new Error(problem) : undefined),
        (error: unknown) => {
          this.logger.error({ err: error }, 'could not check a /live token');
          next(new Error('could not check the token: try again'));
        },
      );
    });
    live.on('connection', (socket) => this.connected(socket));
  }

  /** Undefined when the token is valid, else what is wrong with it. */
  private async authenticate(socket: Socket): Promise<string | undefined> {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
    if (typeof token !== 'string' || token === '') return 'missing token: connect with auth { token: <API token> }';
    return (await this.tokens.verify(token)) ? undefined : 'API token refused (unknown or revoked)';
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
  }

  private async sendSnapshot(socket: Socket, runId: string): Promise<void> {
    try {
      const run = await this.snapshots.read(runId);
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
    const limitBytes = this.config.sockets.maxMessageBytes;
    socket.on(event as string, async (...args: unknown[]) => {
      const { payload, ack } = splitAck(args);
      const refuse = (failure: AckFailure) => ack?.(failure);
      const bytes = messageBytes(payload);
      if (bytes > limitBytes) return refuse({ ok: false, error: { code: 'INVALID_MESSAGE', message: tooLargeMessage(event, bytes, limitBytes) } });
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
