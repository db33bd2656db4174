/**
 * A stand-in for the coordinator's `/agents` namespace, speaking the wire contract the worker
 * agent is built to: handshake auth (enrollment token and public key, then a signed
 * handshake), `agent:register` with its ack, heartbeats, log lines, tasks delivered with
 * `task:assign`, results (`task:result`) with an ack the test decides, and `task:cancel`.
 * It lets the worker be tested on its own, against real Socket.IO: the worker needs nothing
 * else.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { Ack, AgentHeartbeat, AgentLog, AgentRegistration, NodeResult, NodeTask, TaskCancel } from '@runtime-hub/protocol';
import { agentSignatureValid } from '../../apps/coordinator/src/agents/agent-credentials';

export interface FakeCoordinatorOptions {
  readonly enrollToken: string;
  readonly heartbeatIntervalMs?: number;
  /** The agent id it gives enrolling agents, and the key it already knows; default: a new id, no key. */
  readonly identity?: { readonly agentId: string; readonly publicKey?: string };
  /** Answer to `task:result`; default `{ ok: true }`; undefined leaves it unanswered. */
  resultAck?(result: NodeResult): Ack | undefined;
}

/** How long `deliver` waits for the worker's answer to `task:assign`. */
const ASSIGN_ACK_TIMEOUT_MS = 5_000;

export interface Handshake {
  readonly auth: Record<string, unknown>;
}

export class FakeCoordinator {
  readonly handshakes: Handshake[] = [];
  readonly registrations: AgentRegistration[] = [];
  readonly heartbeats: AgentHeartbeat[] = [];
  readonly logs: AgentLog[] = [];
  /** Every `task:result` received, acknowledged or not. */
  readonly results: NodeResult[] = [];
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
        ack({ ok: true, agentId: this.agentId, heartbeatIntervalMs: this.options.heartbeatIntervalMs ?? 200 });
      });
      socket.on('agent:heartbeat', (heartbeat: AgentHeartbeat) => this.heartbeats.push(heartbeat));
      socket.on('agent:log', (log: AgentLog) => this.logs.push(log));
      socket.on('task:result', (result: NodeResult, ack: (response: Ack) => void) => {
        this.results.push(result);
        const answer = this.options.resultAck ? this.options.resultAck(result) : { ok: true as const };
        if (answer) ack(answer);
      });
    });
    await new Promise<void>((resolve) => this.http.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** `task:assign` to the (one) connected worker; its answer. */
  async deliver(task: NodeTask): Promise<Ack> {
    const [socket] = this.sockets;
    if (!socket) throw new Error('no worker connected to deliver to');
    return (await socket.timeout(ASSIGN_ACK_TIMEOUT_MS).emitWithAck('task:assign', task)) as Ack;
  }

  /** Every result received for this attempt of this node. */
  resultsOf(task: Pick<NodeTask, 'runId' | 'nodeId' | 'attempt'>): NodeResult[] {
    return this.results.filter((result) => result.runId === task.runId && result.nodeId === task.nodeId && result.attempt === task.attempt);
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
