/**
 * A stand-in for the coordinator's `/agents` namespace, speaking the wire contract the worker
 * agent is built to: handshake auth (enrollment token and public key, then a signed handshake), `agent:register`
 * with its ack, heartbeats, log lines, `task:claim`, and `task:cancel` sent to the agent.
 * It lets the worker be tested on its own, against real Socket.IO and real Redis.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { AgentHeartbeat, AgentLog, AgentRegistration, TaskCancel } from '@runtime-hub/protocol';
import { agentSignatureValid } from '../../apps/coordinator/src/agents/agent-credentials';

export interface FakeCoordinatorOptions {
  readonly enrollToken: string;
  readonly prefix: string;
  readonly redisUrl: string;
  readonly heartbeatIntervalMs?: number;
  /** The agent id it gives enrolling agents, and the key it already knows; default: a new id, no key. */
  readonly identity?: { readonly agentId: string; readonly publicKey?: string };
  /** Answer to `task:claim`; default: claimed. */
  claim?(claim: { runId: string; nodeId: string; attempt: number }): { ok: true } | { ok: false; reason: string };
}

export interface Handshake {
  readonly auth: Record<string, unknown>;
}

export class FakeCoordinator {
  readonly handshakes: Handshake[] = [];
  readonly registrations: AgentRegistration[] = [];
  readonly heartbeats: AgentHeartbeat[] = [];
  readonly logs: AgentLog[] = [];
  readonly claims: Array<{ runId: string; nodeId: string; attempt: number }> = [];
  readonly agentId: string;
  /** The key the agent enrolled with (or the one given in `identity`). */
  publicKey: string | undefined;
  private readonly sockets = new Set<Socket>();
  private http!: HttpServer;
  private io!: Server;
  url = '';

  constructor(private readonly options: FakeCoordinatorOptions) {
    this.agentId = options.identity?.agentId ?? `agent_${Math.random().toString(36).slice(2, 10)}`;
    this.publicKey = options.identity?.publicKey;
  }

  get queueName(): string {
    return `agent.${this.agentId}`;
  }

  async start(port = 0): Promise<void> {
    this.http = createServer();
    this.io = new Server(this.http);
    const agents = this.io.of('/agents');
    agents.use((socket, next) => {
      const auth = socket.handshake.auth as Record<string, unknown>;
      this.handshakes.push({ auth });
      if (auth.type === 'enroll' && auth.enrollToken === this.options.enrollToken) {
        this.publicKey = typeof auth.publicKey === 'string' ? auth.publicKey : undefined;
        return next();
      }
      if (auth.type === 'signature' && auth.agentId === this.agentId && this.publicKey && agentSignatureValid(this.publicKey, auth as never, String(auth.signature))) return next();
      const refusal = auth.type === 'enroll' ? { message: 'enroll token refused', code: 'ENROLL_TOKEN_REFUSED' } : { message: 'unknown agent or bad signature', code: 'AUTH_FAILED' };
      next(Object.assign(new Error(refusal.message), { data: { code: refusal.code } }));
    });
    agents.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('disconnect', () => this.sockets.delete(socket));
      socket.on('agent:register', (registration: AgentRegistration, ack: (response: unknown) => void) => {
        this.registrations.push(registration);
        ack({
          ok: true,
          agentId: this.agentId,
          heartbeatIntervalMs: this.options.heartbeatIntervalMs ?? 200,
          queue: { name: this.queueName, prefix: this.options.prefix, redisUrl: this.options.redisUrl, resultsQueue: 'results' },
        });
      });
      socket.on('agent:heartbeat', (heartbeat: AgentHeartbeat) => this.heartbeats.push(heartbeat));
      socket.on('agent:log', (log: AgentLog) => this.logs.push(log));
      socket.on('task:claim', (claim: { runId: string; nodeId: string; attempt: number }, ack: (response: unknown) => void) => {
        this.claims.push(claim);
        ack(this.options.claim ? this.options.claim(claim) : { ok: true });
      });
    });
    await new Promise<void>((resolve) => this.http.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  cancel(cancel: TaskCancel): void {
    for (const socket of this.sockets) socket.emit('task:cancel', cancel);
  }

  get connectedCount(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    // io.close() also closes the HTTP server.
    await new Promise<void>((resolve) => void this.io.close(() => resolve()));
  }
}

/** Polls `condition` every 25 ms until it holds, failing after `timeoutMs`. */
export async function eventually<T>(condition: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
