import {
  AckSchema,
  AGENTS_NAMESPACE,
  AgentErrorSchema,
  RegisterAckSchema,
  TaskCancelSchema,
  type Ack,
  type AgentLog,
  type AgentsServerToClientEvents,
  type NodeResult,
  type TaskProgress,
} from '@runtime-hub/protocol';
import { io, type Socket } from 'socket.io-client';
import { BoundedBuffer } from './log-buffer';
import type { WorkerToCoordinatorEvents } from './control-messages';
import type { ResultDelivery } from './result-outbox';
import { generateAgentKeyPair, signHandshake, type AgentKeyPair, type SignedHandshake } from './agent-key';
import { DEFAULT_RECONNECT_POLICY, reconnectDelayMs } from './reconnect-backoff';
import type { ControlChannelOptions } from './control-channel.options';
import { onConnectRefused, onRegisterRefused, refusalCode } from './connection-refusals';
import { CONNECT_TIMEOUT_MS, MAX_BUFFERED_LOG_LINES, REGISTER_ACK_TIMEOUT_MS, RESULT_ACK_TIMEOUT_MS } from './worker.defaults';

/**
 * The worker's one connection: Socket.IO to the coordinator's `/agents` namespace. It
 * authenticates (enrollment token and a new public key the first time, a handshake signed
 * with its private key after), registers (saying which attempts it still holds), receives
 * its tasks (`task:assign`) and cancellations, and sends heartbeats, log lines, progress and
 * results. It reconnects by itself with exponential backoff and jitter, also when the first
 * connection fails, so workers may start before their coordinator. The worker needs nothing
 * but the coordinator's URL: no queue or database credential.
 *
 * Socket.IO's own reconnection is off: one backoff (ours, tested) covers both transport
 * failures and refusals by the server, and each attempt picks its credentials afresh.
 * Only the WebSocket transport is used, so coordinator replicas behind a load balancer need
 * no sticky sessions.
 */

type AgentSocket = Socket<AgentsServerToClientEvents, WorkerToCoordinatorEvents>;
type HandshakeAuth = { type: 'enroll'; enrollToken: string; publicKey: string } | SignedHandshake;

export class ControlChannel {
  private socket: AgentSocket;
  private readonly urls: readonly string[];
  private urlIndex = 0;
  /** Set by a failure: the next attempt goes to the next URL of the list. */
  private moveOn = false;
  private readonly logBuffer = new BoundedBuffer<AgentLog>(MAX_BUFFERED_LOG_LINES);
  private failures = 0;
  private registered = false;
  private closing = false;
  /** Set when the server refused our credential: the next attempt enrolls instead. */
  private credentialRefused = false;
  /** The registration in progress (its ack, then the key file of an enrollment). */
  private registering: Promise<void> = Promise.resolve();
  /** The key pair of an enrollment in progress: stored once the coordinator acknowledged it. */
  private enrollingKey: AgentKeyPair | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ControlChannelOptions) {
    const urls = options.coordinatorUrls?.length ? [...options.coordinatorUrls] : [options.coordinatorUrl];
    this.urls = urls;
    this.urlIndex = Math.max(0, urls.indexOf(options.coordinatorUrl));
    this.socket = this.openSocket(this.currentUrl);
  }

  private get currentUrl(): string {
    return this.urls[this.urlIndex] ?? this.options.coordinatorUrl;
  }

  /** One socket per coordinator URL; a new one (and a new connection) when the channel moves on to the next. */
  private openSocket(url: string): AgentSocket {
    const options = this.options;
    const socket: AgentSocket = io(`${url}${AGENTS_NAMESPACE}`, {
      autoConnect: false,
      reconnection: false,
      transports: ['websocket'],
      timeout: CONNECT_TIMEOUT_MS,
      forceNew: true,
    });
    this.socket = socket;
    this.socket.on('connect', () => {
      this.registering = this.register().catch((error: unknown) => options.handlers.onFatal(error instanceof Error ? error : new Error(String(error))));
    });
    this.socket.on('connect_error', (error) => this.onConnectError(error));
    this.socket.on('disconnect', (reason) => this.onDisconnect(reason));
    this.socket.on('agent:error', (payload) => this.onAgentError(payload));
    // The coordinator delivers only to a registered connection; a delivery may overtake the
    // register ack, so it is taken whatever this side knows yet.
    this.socket.on('task:assign', (payload: unknown, ack?: (answer: Ack) => void) => {
      const answer = options.handlers.onAssign(payload);
      if (typeof ack === 'function') ack(answer);
    });
    this.socket.on('task:cancel', (payload) => {
      const parsed = TaskCancelSchema.safeParse(payload);
      if (parsed.success) options.handlers.onCancel(parsed.data);
      else options.logger.warn({ issues: parsed.error.issues }, 'ignored a malformed task:cancel');
    });
    return socket;
  }

  /** The next coordinator of the list, on a fresh socket (the old one is silenced and closed). */
  private moveToNextUrl(): void {
    this.moveOn = false;
    if (this.urls.length < 2) return;
    const previous = this.socket;
    previous.removeAllListeners();
    previous.disconnect();
    this.urlIndex = (this.urlIndex + 1) % this.urls.length;
    this.openSocket(this.currentUrl);
    this.options.logger.info({ url: this.currentUrl }, 'trying the next coordinator');
  }

  /** Starts connecting; returns at once (the channel keeps trying in the background). */
  start(): void {
    void this.connect();
  }

  get isRegistered(): boolean {
    return this.registered && this.socket.connected;
  }

  /** `task:result` and its ack (result-outbox.ts keeps the result until it is recorded). */
  async sendResult(result: NodeResult): Promise<ResultDelivery> {
    if (!this.isRegistered) return { kind: 'again', reason: 'the control channel is not connected' };
    let answer: unknown;
    try {
      answer = await this.socket.timeout(RESULT_ACK_TIMEOUT_MS).emitWithAck('task:result', result);
    } catch (error) {
      return { kind: 'again', reason: `task:result not acknowledged: ${(error as Error).message}` };
    }
    const ack = AckSchema.safeParse(answer);
    if (!ack.success) return { kind: 'again', reason: `unexpected task:result answer: ${JSON.stringify(answer)}` };
    if (ack.data.ok) return { kind: 'recorded' };
    // INTERNAL: the coordinator could not record it now (starting, database away): again.
    if (ack.data.error.code === 'INTERNAL') return { kind: 'again', reason: ack.data.error.message };
    return { kind: 'refused', reason: ack.data.error.message };
  }

  /** Sends a log line now, or keeps it until the channel is back. */
  log(line: AgentLog): void {
    if (this.isRegistered) this.socket.emit('agent:log', line);
    else this.logBuffer.push(line);
  }

  /** Progress is a hint for live views: dropped while disconnected. */
  progress(progress: TaskProgress): void {
    if (this.isRegistered) this.socket.emit('task:progress', progress);
  }

  /** Stops reconnecting and closes the connection after what was sent has been written. */
  async close(): Promise<void> {
    this.closing = true;
    this.stopHeartbeats();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    // Disconnecting fails an unanswered agent:register at once; a registration already
    // answered may still be writing the key file: let it finish, so that a stopped worker
    // leaves a whole key file (or none) behind, never a temporary one.
    this.socket.disconnect();
    await this.registering;
  }

  private async connect(): Promise<void> {
    if (this.closing) return;
    let auth: HandshakeAuth;
    try {
      auth = await this.handshakeAuth();
    } catch (error) {
      this.options.handlers.onFatal(error as Error);
      return;
    }
    if (this.moveOn) this.moveToNextUrl();
    this.socket.auth = auth;
    this.options.logger.debug({ url: this.currentUrl, auth: auth.type }, 'connecting to the coordinator');
    this.socket.connect();
  }

  /**
   * A handshake signed with the stored key when there is one (and it was not just refused),
   * else an enrollment with the token and a new key pair.
   */
  private async handshakeAuth(): Promise<HandshakeAuth> {
    const stored = await this.options.credentials.load();
    if (stored && !(this.credentialRefused && this.options.enrollToken)) return signHandshake(stored.privateKey, stored.agentId);
    if (this.options.enrollToken) {
      this.enrollingKey = generateAgentKeyPair();
      return { type: 'enroll', enrollToken: this.options.enrollToken, publicKey: this.enrollingKey.publicKey };
    }
    throw new Error(
      `no credential in ${this.options.credentials.file} and no enrollment token: pass --enroll-token or set RH_ENROLL_TOKEN`,
    );
  }

  private async register(): Promise<void> {
    const { logger, registration, handlers } = this.options;
    let response: unknown;
    try {
      const session = await this.options.desktopSession();
      const held = this.options.heldTasks();
      response = await this.socket.timeout(REGISTER_ACK_TIMEOUT_MS).emitWithAck('agent:register', { ...registration, session, ...(held.length > 0 ? { tasks: held } : {}) });
    } catch (error) {
      logger.warn({ err: error }, 'agent:register was not acknowledged; reconnecting');
      this.socket.disconnect();
      this.scheduleReconnect();
      return;
    }
    const parsed = RegisterAckSchema.safeParse(response);
    if (!parsed.success) {
      logger.error({ response }, 'the coordinator answered agent:register with something unexpected; reconnecting');
      this.socket.disconnect();
      this.scheduleReconnect();
      return;
    }
    const ack = parsed.data;
    if (!ack.ok) {
      this.onRegisterRefused(ack.error.code, ack.error.message);
      return;
    }
    const enrolledKey = (this.socket.auth as HandshakeAuth).type === 'enroll' ? this.enrollingKey : undefined;
    if (enrolledKey) {
      await this.options.credentials.save({
        agentId: ack.agentId,
        privateKey: enrolledKey.privateKeyPem,
        publicKey: enrolledKey.publicKey,
        coordinatorUrl: this.options.coordinatorUrl,
        issuedAt: new Date().toISOString(),
      });
      this.enrollingKey = undefined;
      logger.info({ agentId: ack.agentId, file: this.options.credentials.file }, 'enrolled; private key stored');
    }
    this.failures = 0;
    this.credentialRefused = false;
    this.registered = true;
    const notGranted = registration.labels.filter((label) => ack.labels !== undefined && !ack.labels.includes(label));
    if (notGranted.length > 0) {
      logger.warn({ declared: registration.labels, granted: ack.labels, notGranted }, 'labels are granted by the enroll token or an administrator: the declared ones it lacks are not applied');
    }
    logger.info({ agentId: ack.agentId, labels: ack.labels }, 'registered with the coordinator');
    this.flushLogBuffer();
    this.startHeartbeats(ack.heartbeatIntervalMs);
    handlers.onRegistered(ack);
  }

  private onRegisterRefused(code: string, message: string): void {
    this.options.logger.error({ code }, `the coordinator refused the registration: ${message}`);
    this.socket.disconnect();
    const outcome = onRegisterRefused(code, message, Boolean(this.options.enrollToken));
    if (outcome.kind === 'stop') {
      this.options.handlers.onFatal(new Error(outcome.message));
      return;
    }
    if (outcome.kind === 'reenroll') this.credentialRefused = true;
    this.scheduleReconnect(outcome.atLeastMs);
  }

  /** A failed connection: stop, enroll again, or retry (connection-refusals.ts decides). */
  private onConnectError(error: Error & { data?: unknown }): void {
    const refused = !this.socket.active;
    const handshake = (this.socket.auth as HandshakeAuth | undefined)?.type;
    const outcome = onConnectRefused(error, refused, handshake);
    if (outcome.kind === 'stop') {
      this.options.handlers.onFatal(new Error(outcome.message));
      return;
    }
    if (outcome.kind === 'reenroll') this.credentialRefused = true;
    this.options.logger.warn({ failures: this.failures + 1, refused, code: refused ? refusalCode(error.data) : undefined }, `cannot connect to the coordinator: ${error.message}`);
    this.scheduleReconnect(outcome.atLeastMs);
  }

  private onDisconnect(reason: string): void {
    const wasRegistered = this.registered;
    this.registered = false;
    this.stopHeartbeats();
    if (wasRegistered) this.options.handlers.onDisconnected();
    // 'io client disconnect': this class hung up on purpose and decides itself what follows.
    if (this.closing || reason === 'io client disconnect') return;
    if (wasRegistered) this.options.logger.warn({ reason }, 'disconnected from the coordinator; reconnecting');
    this.scheduleReconnect();
  }

  private onAgentError(payload: unknown): void {
    const parsed = AgentErrorSchema.safeParse(payload);
    if (!parsed.success) {
      this.options.logger.warn({ payload }, 'the coordinator sent a malformed agent:error');
      return;
    }
    this.options.logger.error({ code: parsed.data.code }, `the coordinator refused a message: ${parsed.data.message}`);
    if (parsed.data.code === 'REVOKED') {
      this.closing = true;
      this.options.handlers.onFatal(new Error(`the coordinator revoked this agent: ${parsed.data.message}`));
    }
  }

  /** `atLeastMs`: the coordinator asked for this wait (a rate-limited handshake). */
  private scheduleReconnect(atLeastMs = 0): void {
    if (this.closing || this.reconnectTimer) return;
    this.failures += 1;
    this.moveOn = true;
    const delayMs = Math.max(atLeastMs, reconnectDelayMs(this.failures, this.options.backoff ?? DEFAULT_RECONNECT_POLICY, this.options.random));
    this.options.logger.debug({ delayMs, failures: this.failures }, 'reconnect scheduled');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delayMs);
  }

  private startHeartbeats(intervalMs: number): void {
    this.stopHeartbeats();
    const beat = async () => {
      const session = await this.options.desktopSession();
      if (!this.isRegistered) return;
      this.socket.emit('agent:heartbeat', { at: new Date().toISOString(), runningTasks: this.options.runningTasks(), session });
      this.options.handlers.onHeartbeat();
    };
    void beat();
    this.heartbeatTimer = setInterval(() => void beat(), intervalMs);
  }

  private stopHeartbeats(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private flushLogBuffer(): void {
    const { items, dropped } = this.logBuffer.drain();
    for (const line of items) this.socket.emit('agent:log', line);
    if (dropped > 0) this.options.logger.warn({ dropped }, 'log lines dropped while the coordinator was unreachable');
  }
}
