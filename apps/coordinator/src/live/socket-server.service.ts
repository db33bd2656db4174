import type { Server as HttpServer } from 'node:http';
import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { SourceAddress } from '../edge/source-address';
import { LOGGER, type Logger } from '../logging/logger';
import { liveAdapterOptions, loggingBroadcastFailures } from './live-adapter';
import { SocketAdmission } from './socket-admission';

/**
 * The transport refuses (by closing the connection) messages larger than the application
 * limit times this factor. Between the two, a message reaches the gateway, which refuses it
 * with an error the sender can read, and the connection stays up; beyond it a client is
 * sending garbage and is cut off before the coordinator buffers it.
 */
export const SOCKET_TRANSPORT_HEADROOM_FACTOR = 2;

/** Named in the refusal of the default namespace. */
const DEFAULT_NAMESPACE_HINT = '/agents (agents) or /live (dashboards)';

/**
 * The one Socket.IO server of the coordinator, attached to its HTTP server (same port as the
 * REST API). Namespaces: `/agents` (agents module) and `/live` (dashboards). It is created
 * on first use, once Nest has made the HTTP server, and its connections are closed before
 * the HTTP server is, so shutdown does not wait on open websockets.
 *
 * Before any namespace: a connection that joins none within RH_SOCKET_HANDSHAKE_WINDOW_MS is
 * closed (`connectTimeout`), connections per source address are capped (socket-admission.ts),
 * and the default namespace `/`, which nothing uses, refuses every connection.
 *
 * Replicas share it through Socket.IO's Redis streams adapter (live-adapter.ts): a broadcast
 * to a room reaches that room's sockets on every coordinator of the deployment.
 *
 * A plain `socket.io` Server rather than Nest gateways: namespace middleware (handshake
 * auth), per-message size limits and the exact ack shapes of the wire contract are written
 * directly against Socket.IO, and tests drive it with `socket.io-client` like real agents.
 */
@Injectable()
export class SocketServer implements BeforeApplicationShutdown {
  private io: Server | undefined;
  /** Our connection of the live adapter and the duplicates it made of it (its stream read and its subscriptions). */
  private readonly adapterConnections: Redis[] = [];

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(SourceAddress) private readonly addresses: SourceAddress,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get server(): Server {
    if (!this.io) {
      const httpServer = this.adapterHost.httpAdapter.getHttpServer() as HttpServer;
      const { sockets } = this.config;
      const admission = new SocketAdmission(sockets, (request) => this.addresses.of(request), this.logger, sockets.handshakeWindowMs);
      const io = new Server(httpServer, {
        serveClient: false,
        maxHttpBufferSize: sockets.maxMessageBytes * SOCKET_TRANSPORT_HEADROOM_FACTOR,
        connectTimeout: sockets.handshakeWindowMs,
        allowRequest: admission.allowRequest,
        adapter: this.adapter(),
      });
      admission.attach(io);
      io.of('/').use((_socket, next) => next(Object.assign(new Error(`no namespace "/" here: connect to ${DEFAULT_NAMESPACE_HINT}`), { data: { code: 'AUTH_INVALID' } })));
      this.io = io;
    }
    return this.io;
  }

  beforeApplicationShutdown(): void {
    const io = this.io;
    if (!io) return;
    for (const namespace of io._nsps.values()) {
      // This replica's sockets only: through the adapter, disconnectSockets reaches every replica.
      namespace.local.disconnectSockets(true);
      void namespace.adapter.close();
    }
    io.engine.close();
    // Closed at once: the adapter's stream read would otherwise hold the process until its block times out.
    for (const connection of this.adapterConnections.splice(0)) connection.disconnect();
  }

  private adapter(): ReturnType<typeof createAdapter> {
    const redis = new Redis(this.config.redis.url, { maxRetriesPerRequest: null });
    redis.on('error', (error: Error) => this.logger.warn({ err: error }, 'Redis connection of the live adapter failed; reconnecting'));
    // The adapter duplicates this connection for its blocking stream read and its subscriptions:
    // kept here, so shutdown can close them.
    const duplicate = redis.duplicate.bind(redis);
    redis.duplicate = (override) => {
      const copy = duplicate(override);
      copy.on('error', (error: Error) => this.logger.warn({ err: error }, 'Redis connection of the live adapter failed; reconnecting'));
      this.adapterConnections.push(copy);
      return copy;
    };
    this.adapterConnections.push(redis);
    return loggingBroadcastFailures(createAdapter(redis, liveAdapterOptions(this.config.redis.queuePrefix, this.config.replicas.liveStreamMaxLen)), this.logger);
  }
}
