/**
 * Socket.IO as a hostile client speaks it: packets written as text on an engine.io connection,
 * so that payloads socket.io-client cannot encode (10,000 levels of nesting overflow its own
 * recursive encoder) still reach the coordinator. A `Manager` of socket.io-client opens the
 * connection and decodes what comes back; nothing else of the client library is used.
 *
 *   CONNECT  0<namespace>,<auth JSON>         -> 0 (accepted) or 4 <error> (refused)
 *   EVENT    2<namespace>,<id>["event",<JSON>] -> 3<namespace>,<id>[<ack>]
 */
import { Manager } from 'socket.io-client';

const CONNECT = 0;
const DISCONNECT = 1;
const ACK = 3;
const CONNECT_ERROR = 4;

interface Packet {
  readonly type: number;
  readonly nsp: string;
  readonly id?: number;
  readonly data?: unknown;
}

export type HandshakeOutcome = { readonly connected: true } | { readonly connected: false; readonly code: string | undefined; readonly message: string };

/** One engine.io connection, on which namespaces are joined and events sent as raw text. */
export class RawSocketClient {
  private nextAckId = 1;
  private readonly waiting = new Map<string, (packet: Packet) => void>();
  private closedReason: string | undefined;

  private constructor(private readonly manager: Manager) {
    manager.on('packet', (packet: Packet) => this.received(packet));
    manager.engine.on('close', (reason: string) => {
      this.closedReason = reason;
      for (const settle of this.waiting.values()) settle({ type: DISCONNECT, nsp: '' });
      this.waiting.clear();
    });
  }

  static open(url: string, timeoutMs: number): Promise<RawSocketClient> {
    const manager = new Manager(url, { transports: ['websocket'], reconnection: false, autoConnect: false, timeout: timeoutMs });
    return new Promise((resolve, reject) => manager.open((error?: Error) => (error ? reject(error) : resolve(new RawSocketClient(manager)))));
  }

  get open(): boolean {
    return this.closedReason === undefined;
  }

  /** Joins `namespace` with auth written as `authText` (JSON text, possibly not encodable by a client library). */
  async connect(namespace: string, authText: string, timeoutMs: number): Promise<HandshakeOutcome> {
    const packet = await this.request(`connect ${namespace}`, `${CONNECT}${namespace},${authText}`, timeoutMs);
    if (packet.type === CONNECT) return { connected: true };
    if (packet.type === CONNECT_ERROR) {
      const data = packet.data as { message?: string; data?: { code?: string } } | undefined;
      return { connected: false, code: data?.data?.code, message: data?.message ?? '' };
    }
    return { connected: false, code: 'CLOSED', message: `the connection closed (${this.closedReason ?? 'disconnect'})` };
  }

  /** Sends `event` with `payloadText` as its argument and waits for the ack; `closed` when the coordinator hung up instead. */
  async emitWithAck(namespace: string, event: string, payloadText: string, timeoutMs: number): Promise<{ readonly ack: unknown } | 'closed'> {
    const id = this.nextAckId++;
    const packet = await this.request(`ack ${namespace} ${id}`, `2${namespace},${id}[${JSON.stringify(event)},${payloadText}]`, timeoutMs);
    if (packet.type === ACK) return { ack: (packet.data as unknown[] | undefined)?.[0] };
    return 'closed';
  }

  close(): void {
    this.manager.engine?.close();
  }

  private request(key: string, text: string, timeoutMs: number): Promise<Packet> {
    if (!this.open) return Promise.resolve({ type: DISCONNECT, nsp: '' });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(key, (packet) => {
        clearTimeout(timer);
        resolve(packet);
      });
      this.manager.engine.write(text);
    });
  }

  private received(packet: Packet): void {
    const key = packet.type === ACK ? `ack ${packet.nsp} ${packet.id}` : `connect ${packet.nsp}`;
    if (packet.type === DISCONNECT) {
      for (const [waiting, settle] of this.waiting) {
        if (!waiting.includes(` ${packet.nsp}`)) continue;
        this.waiting.delete(waiting);
        settle(packet);
      }
      return;
    }
    const settle = this.waiting.get(key);
    if (!settle) return;
    this.waiting.delete(key);
    settle(packet);
  }
}
