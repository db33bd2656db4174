import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';
import type { Logger } from '../logging/logger';

/** An engine.io connection, as far as admission needs it. */
interface EngineConnection {
  readonly request: IncomingMessage;
  close(): void;
  once(event: 'close', listener: () => void): unknown;
}

export interface AdmissionLimits {
  /** Connections of one address that joined no namespace yet. */
  readonly pendingPerAddressMax: number;
  /** Connections of one address in all. */
  readonly perAddressMax: number;
}

/** Why a connection is not admitted, or undefined. Pure. */
export function admissionRefusal(counts: { total: number; pending: number } | undefined, limits: AdmissionLimits, address: string): string | undefined {
  if (!counts) return undefined;
  if (counts.total >= limits.perAddressMax) return `too many connections from ${address} (RH_SOCKETS_PER_ADDRESS_MAX: ${limits.perAddressMax})`;
  if (counts.pending >= limits.pendingPerAddressMax) {
    return `too many unauthenticated connections from ${address} (RH_SOCKET_PENDING_PER_ADDRESS_MAX: ${limits.pendingPerAddressMax})`;
  }
  return undefined;
}

/**
 * Caps the Socket.IO connections of each source address on this replica: in all, and those
 * still inside their handshake window (not yet in a namespace). A new connection over a cap
 * is refused at the engine.io handshake (HTTP 403 naming the cap; clients retry with their
 * backoff); one that slipped past while others were being admitted is closed at once.
 * Closing connections that never authenticate is Socket.IO's `connectTimeout`.
 */
export class SocketAdmission {
  private readonly byAddress = new Map<string, { total: number; pending: number }>();
  private readonly joined = new WeakSet<object>();
  /** Addresses whose refusal was logged, until when (one warn line per address and handshake window). */
  private readonly warned = new Map<string, number>();

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly addressOf: (request: IncomingMessage) => string,
    private readonly logger: Logger,
    private readonly warnEveryMs: number,
  ) {}

  /** engine.io `allowRequest`: called for each new connection's first request. */
  allowRequest = (request: IncomingMessage, callback: (message: string | null | undefined, success: boolean) => void): void => {
    const address = this.addressOf(request);
    const refusal = admissionRefusal(this.byAddress.get(address), this.limits, address);
    if (refusal) this.warn(address, refusal);
    callback(refusal ?? null, refusal === undefined);
  };

  /** Counts every engine connection of the server, and notices when one joins a namespace. */
  attach(io: Server): void {
    io.engine.on('connection', (connection: EngineConnection) => this.opened(connection));
    io.on('new_namespace', (namespace) => {
      namespace.on('connection', (socket) => this.joinedNamespace(socket.conn as unknown as EngineConnection));
    });
  }

  private opened(connection: EngineConnection): void {
    const address = this.addressOf(connection.request);
    const refusal = admissionRefusal(this.byAddress.get(address), this.limits, address);
    if (refusal) {
      this.warn(address, refusal);
      connection.close();
      return;
    }
    const counts = this.byAddress.get(address) ?? { total: 0, pending: 0 };
    counts.total += 1;
    counts.pending += 1;
    this.byAddress.set(address, counts);
    connection.once('close', () => {
      counts.total -= 1;
      if (!this.joined.has(connection)) counts.pending -= 1;
      if (counts.total === 0) this.byAddress.delete(address);
    });
  }

  private joinedNamespace(connection: EngineConnection): void {
    if (this.joined.has(connection)) return;
    this.joined.add(connection);
    const counts = this.byAddress.get(this.addressOf(connection.request));
    if (counts) counts.pending -= 1;
  }

  private warn(address: string, refusal: string): void {
    const now = Date.now();
    if ((this.warned.get(address) ?? 0) > now) return;
    for (const [key, until] of this.warned) if (until <= now) this.warned.delete(key);
    this.warned.set(address, now + this.warnEveryMs);
    this.logger.warn({ address }, `socket connection refused: ${refusal}`);
  }
}
